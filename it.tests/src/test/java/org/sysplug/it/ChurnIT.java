package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.framework.Target;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;

/**
 * Churn under load: one thread submits online and offline requests for random CPUs and memory
 * blocks while another stops, starts, updates, uninstalls and reinstalls the resource modules'
 * bundles, and the machine is replaced every few hundred requests. Every future completes (none
 * is lost), and no request is half-applied: a request that succeeded left each target as it
 * intended, one that failed cleanly left each target as it was; a FAILED_INCONSISTENT outcome
 * (a handler that went away under its request) is counted and must name its devices. Figures
 * (requests, outcomes, submit-to-done p50/p99 against the same requests without churn) are
 * printed for RELIABILITY.md; requests go on until both {@code -Dsysplug.churn.requests=N}
 * (2,000) requests ran and {@code -Dsysplug.churn.changes=N} (150) bundle changes happened.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChurnIT extends PlatformTestSupport {

    private static final int REQUESTS = Integer.getInteger("sysplug.churn.requests", 2_000);
    /** At least this many bundle changes happen while requests run, however fast the requests are. */
    private static final int CHURNS = Integer.getInteger("sysplug.churn.changes", 150);
    private static final int IDLE_REQUESTS = 300;
    private static final int REPLACE_EVERY = 400;
    private static final String[] MODULES = { "org.sysplug.resource.cpu", "org.sysplug.resource.memory",
            "org.sysplug.resource.node" };

    @Inject
    private MachineView view;
    @Inject
    private CommandProcessor processor;

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return org.sysplug.it.support.SysplugOptions.platformWithModulesAndHarness();
    }

    @Test
    public void requestsUnderBundleChurnAreNeverLostNorHalfApplied() throws Exception {
        Random random = new Random(Long.getLong("sysplug.churn.seed", 12));
        Shell shell = Shell.open(context, processor);
        try {
            List<Long> idle = new ArrayList<>();
            Tally idleTally = new Tally();
            for (int i = 0; i < IDLE_REQUESTS; i++) {
                idle.add(runChecked(randomRequest(random), idleTally));
            }

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger churns = new AtomicInteger();
            AtomicReference<Throwable> churnFailure = new AtomicReference<>();
            Thread churner = new Thread(() -> churn(new Random(random.nextLong()), stop, churns, churnFailure),
                    "churn");
            churner.start();
            List<Long> busy = new ArrayList<>();
            Tally tally = new Tally();
            int replaced = 0;
            try {
                for (int i = 0; i < REQUESTS || churns.get() < CHURNS; i++) {
                    if (churnFailure.get() != null) {
                        break;
                    }
                    if (i > 0 && i % REPLACE_EVERY == 0) {
                        Shell.Result loaded = shell.run("sim:load default");
                        assertEquals(loaded.describe(), 0, loaded.exit());
                        replaced++;
                    }
                    busy.add(runChecked(randomRequest(random), tally));
                }
            } finally {
                stop.set(true);
                churner.join(TimeUnit.SECONDS.toMillis(60));
                restoreModules();
            }
            if (churnFailure.get() != null) {
                throw new AssertionError("the churn thread failed", churnFailure.get());
            }
            System.out.printf(Locale.ROOT, "churn: %d requests under %d bundle changes and %d machine replacements: %s; "
                    + "0 lost, 0 half-applied; submit->done p50 %.2f ms p99 %.2f ms (idle, %d requests: p50 %.2f ms "
                    + "p99 %.2f ms)%n", busy.size(), churns.get(), replaced, tally, ms(busy, 50),
                    ms(busy, 99), IDLE_REQUESTS, ms(idle, 50), ms(idle, 99));
            assertTrue("the churn thread changed bundles while requests ran: " + churns.get(), churns.get() >= CHURNS);
            assertTrue("requests succeeded under churn: " + tally, tally.count(Status.SUCCEEDED) > 0);
        } finally {
            shell.close();
        }
    }

    /** Outcomes by status. */
    static final class Tally {
        private final Map<Status, Integer> counts = Collections.synchronizedMap(new EnumMap<>(Status.class));

        void add(Status s) {
            counts.merge(s, 1, Integer::sum);
        }

        int count(Status s) {
            return counts.getOrDefault(s, 0);
        }

        @Override
        public String toString() {
            return counts.toString();
        }
    }

    private HotplugRequest randomRequest(Random random) {
        Topology t = view.topology();
        boolean cpus = random.nextBoolean();
        Operation op = random.nextBoolean() ? Operation.ONLINE : Operation.OFFLINE;
        HotplugRequest.Builder b = HotplugRequest.of(op).origin("churn");
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (cpus) {
                b.target("cpu" + (1 + random.nextInt(7)));
            } else {
                List<MemoryBlock> blocks = t.memory();
                b.target("memory" + blocks.get(random.nextInt(blocks.size())).id());
            }
        }
        return b.build();
    }

    /** Runs one request and checks it against the machine before and after; returns its submit-to-done time (ns). */
    private long runChecked(HotplugRequest request, Tally tally) throws Exception {
        Map<String, String> before = states(request);
        long start = System.nanoTime();
        Submission s = queue.submit(request);
        Outcome o;
        try {
            o = s.await(java.time.Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new AssertionError("request " + s.id() + " " + request.operation() + " " + request.targetNames()
                    + " was never answered (a lost future); the queue: " + queue.status(), e);
        }
        long took = System.nanoTime() - start;
        tally.add(o.status());
        Map<String, String> after = states(request);
        String intended = request.operation() == Operation.ONLINE ? "online" : "offline";
        switch (o.status()) {
            case SUCCEEDED -> after.forEach((device, state) -> assertEquals(describe(o, before, after), intended, state));
            case FAILED_ROLLED_BACK, CANCELLED, REJECTED -> assertEquals(describe(o, before, after), before, after);
            case FAILED_INCONSISTENT -> assertTrue(describe(o, before, after), !o.inconsistent().isEmpty());
            default -> throw new AssertionError("an ended request has no such status: " + describe(o, before, after));
        }
        return took;
    }

    private static String describe(Outcome o, Map<String, String> before, Map<String, String> after) {
        return "request " + o.id() + " " + o.request().operation() + " " + o.request().targetNames() + " "
                + o.status() + " " + o.failure().map(f -> f.describe()).orElse("") + "; before " + before + ", after "
                + after + "; trace " + o.trace().stream().map(t -> t.action() + " " + t.handler() + "@" + t.bundle() + " "
                        + t.result() + " " + t.notes()).toList();
    }

    /** Each target's state now: online, offline or absent. */
    private Map<String, String> states(HotplugRequest request) {
        Topology t = view.topology();
        Map<String, String> out = new java.util.TreeMap<>();
        for (Target target : request.targets()) {
            int id = target.index();
            String state = switch (target.deviceClass()) {
                case "cpu" -> t.cpu(id).map(c -> !c.present() ? "absent" : c.online() ? "online" : "offline")
                        .orElse("absent");
                default -> t.memory().stream().filter(b -> b.id() == id).findFirst()
                        .map(b -> b.state() == BlockState.ONLINE ? "online" : "offline").orElse("absent");
            };
            out.put(target.name(), state);
        }
        return out;
    }

    /** Stops, starts, updates, uninstalls and reinstalls the resource modules until told to stop. */
    private void churn(Random random, AtomicBoolean stop, AtomicInteger churns, AtomicReference<Throwable> failure) {
        try {
            while (!stop.get()) {
                String name = MODULES[random.nextInt(MODULES.length)];
                Bundle b = bundle(name);
                switch (random.nextInt(4)) {
                    case 0 -> {
                        b.stop();
                        TimeUnit.MILLISECONDS.sleep(random.nextInt(30));
                        b.start();
                    }
                    case 1 -> b.update();
                    case 2 -> {
                        String location = b.getLocation();
                        b.uninstall();
                        TimeUnit.MILLISECONDS.sleep(random.nextInt(30));
                        context.installBundle(location).start();
                    }
                    default -> TimeUnit.MILLISECONDS.sleep(random.nextInt(30));
                }
                churns.incrementAndGet();
                TimeUnit.MILLISECONDS.sleep(random.nextInt(20));
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private void restoreModules() throws Exception {
        for (String name : MODULES) {
            Bundle b = bundle(name);
            if (b.getState() != Bundle.ACTIVE) {
                b.start();
            }
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
