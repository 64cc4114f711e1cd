package org.sysplug.framework.core;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Submission;

/**
 * The heap a real {@link SerialQueue} keeps per request: retained heap after full collections
 * (not allocation), measured as the difference of the used heap before and after filling a queue
 * with N waiting requests, or its history with N ended ones, divided by N. The request object
 * itself (its targets) is counted apart: a caller builds it either way, and a history entry keeps
 * it to show its targets. Same 18 handlers as {@link DispatchBenchmark}. Outside {@code mvn verify}:
 *
 * <pre>java -XX:+UseSerialGC -Xmx1g -cp bench/target/benchmarks.jar org.sysplug.framework.core.QueueMemory</pre>
 */
public final class QueueMemory {

    /** Requests with this origin hold the worker in their first validate call until the gate opens. */
    private static final String GATED = "gated";

    private QueueMemory() {
    }

    public static void main(String[] args) throws Exception {
        usedAfterGc(); // the first call loads the management classes: their garbage would count as freed
        System.out.println("what                                      devices      N   bytes each (retained)");
        for (int devices : new int[] { 1, 1024 }) {
            int n = devices == 1 ? 10_000 : 1024;
            long requestBytes = requestBytes(devices, n);
            print("the request itself (targets)", devices, n, requestBytes);
            print("queued request, besides the request", devices, n, queued(devices, n));
            long entry = history(devices, n, null);
            print("history entry, request included", devices, n, entry);
            print("history entry, besides the request", devices, n, entry - requestBytes);
            print("ended request with a 1 h deadline", devices, n, history(devices, n, Duration.ofHours(1)));
        }
    }

    private static void print(String what, int devices, int n, long bytes) {
        System.out.printf(Locale.ROOT, "%-40s  %7d  %5d  %10d%n", what, devices, n, bytes);
    }

    /** What N requests of {@code devices} targets hold, per request. */
    private static long requestBytes(int devices, int n) throws InterruptedException {
        long before = usedAfterGc();
        List<HotplugRequest> kept = build(devices, n, null);
        long after = usedAfterGc();
        keep(kept);
        return (after - before) / n;
    }

    /** What the queue holds per waiting request, the requests themselves held by the caller. */
    private static long queued(int devices, int n) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        SerialQueue queue = queue(devices, n + 1, 16, gate);
        try {
            Submission holding = queue.submit(HotplugRequest.of(org.sysplug.framework.Operation.HOT_ADD, "memory0")
                    .origin(GATED).build());
            while (queue.status().running().isEmpty()) {
                Thread.sleep(1);
            }
            List<HotplugRequest> requests = build(devices, n, null);
            List<Submission> submissions = new ArrayList<>(n);
            long before = usedAfterGc();
            for (HotplugRequest r : requests) {
                submissions.add(queue.submit(r));
            }
            long after = usedAfterGc();
            if (queue.status().queued().size() != n) {
                throw new IllegalStateException("expected " + n + " waiting, got " + queue.status().queued().size());
            }
            gate.countDown();
            holding.await(Duration.ofSeconds(60));
            keep(requests);
            keep(submissions);
            return (after - before) / n;
        } finally {
            gate.countDown();
            queue.stop(Duration.ofSeconds(10));
        }
    }

    /**
     * What the queue holds per ended request in its history, the request included (the caller
     * has let go of everything): N requests run one after the other into a history of N.
     */
    private static long history(int devices, int n, Duration deadline) throws Exception {
        SerialQueue queue = queue(devices, 16, n, null);
        try {
            // a first round fills the history, so that the measured round replaces entries one for one
            runAll(queue, devices, n, deadline);
            queue.reconfigure(16, 1, null); // forget them: the history keeps one
            queue.reconfigure(16, n, null);
            long before = usedAfterGc();
            runAll(queue, devices, n, deadline);
            long after = usedAfterGc();
            if (queue.recent().size() != n) {
                throw new IllegalStateException("expected a history of " + n + ", got " + queue.recent().size());
            }
            return (after - before) / n;
        } finally {
            queue.stop(Duration.ofSeconds(10));
        }
    }

    private static void runAll(SerialQueue queue, int devices, int n, Duration deadline) throws Exception {
        for (HotplugRequest r : build(devices, n, deadline)) {
            if (!queue.submit(r).await(Duration.ofSeconds(60)).succeeded()) {
                throw new IllegalStateException("a request failed");
            }
        }
    }

    private static List<HotplugRequest> build(int devices, int n, Duration deadline) {
        List<HotplugRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            HotplugRequest r = EighteenHandlers.request(devices, (i * devices) % 1_000_000);
            out.add(deadline == null ? r
                    : new HotplugRequest(r.operation(), r.targets(), r.dryRun(), java.util.Optional.of(deadline),
                            r.origin(), r.parameters()));
        }
        return out;
    }

    private static SerialQueue queue(int devices, int capacity, int history, CountDownLatch gate) {
        HandlerRegistry registry = EighteenHandlers.registry(new long[devices]);
        if (gate != null) {
            registry.add(new HandlerEntry(new HandlerInfo("gate", "bench", 1, 1000, Phase.ADD_VALIDATE, -1,
                    EnumSet.allOf(Kind.class)), context -> {
                        if (GATED.equals(context.request().origin())) {
                            try {
                                gate.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }));
        }
        SerialQueue queue = new SerialQueue(registry, new PhaseRunner((h, a, e) -> { }), new SerialQueue.Listener() {
        }, Clock.systemUTC(), capacity, history, null);
        queue.start();
        return queue;
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Keeps {@code o} reachable up to here, so that a collection before cannot take it. */
    private static volatile Object sink;

    private static void keep(Object o) {
        sink = o;
        sink = null;
    }
}
