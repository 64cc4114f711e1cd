package org.sysplug.bench.sysfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;
import org.sysplug.framework.TraceEntry;

/**
 * The in-process side of bench/sysfs-latency.sh: a bundle deployed into the running platform
 * (through its deploy folder) whose Gogo commands time requests from inside the JVM that also
 * serves the sysfs tree, so that a write through the mount and the same request submitted here
 * are measured against one running platform in one run.
 *
 * <ul>
 * <li>{@code bench:submit CPU COUNT FILE}: COUNT requests, OFFLINE and ONLINE of CPU in turn (the
 * CPU must be online), each submitted to the {@link RequestQueue} and waited for as the sysfs
 * front-end waits for it (the submitting thread blocks on the outcome's future), timed from just
 * before {@code submit} to the return of that wait.</li>
 * <li>{@code bench:history COUNT FILE}: the newest COUNT requests of origin {@code sysfs} in the
 * queue's history, oldest first: how their time split between waiting and running.</li>
 * </ul>
 *
 * Each writes one line per request to FILE (written aside and renamed, so its appearance says it
 * is complete): {@code total queue run handlers} in nanoseconds, where total is the timed wait
 * (0 for {@code history}, which the writer timed outside), queue the time from submission to the
 * worker's start, run the time from start to end and handlers the sum of the trace's calls. Not
 * part of the platform: built and deployed by the script only.
 */
public final class SubmitLatency implements BundleActivator {

    /** The origin of the requests submitted here, apart from the front-end's {@code sysfs}. */
    static final String ORIGIN = "bench";

    private BundleContext context;
    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext bundleContext) {
        this.context = bundleContext;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", "bench");
        properties.put("osgi.command.function", new String[] { "submit", "history" });
        // Gogo calls the public methods by name: no Gogo API is needed here
        registration = bundleContext.registerService(Object.class, this, properties);
    }

    @Override
    public void stop(BundleContext bundleContext) {
        registration.unregister();
    }

    public String submit(String cpu, int count, String file) throws Exception {
        ServiceReference<RequestQueue> ref = context.getServiceReference(RequestQueue.class);
        if (ref == null) {
            throw new IllegalStateException("no RequestQueue service");
        }
        RequestQueue queue = context.getService(ref);
        try {
            List<String> lines = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Operation operation = i % 2 == 0 ? Operation.OFFLINE : Operation.ONLINE;
                // the request the front-end builds for a write to cpuN/online, but for the origin
                HotplugRequest request = HotplugRequest.of(operation, cpu).origin(ORIGIN)
                        .parameter("sysfs.file", "devices/system/cpu/" + cpu + "/online").build();
                long start = System.nanoTime();
                Submission submission = queue.submit(request);
                Outcome outcome;
                try {
                    outcome = submission.outcome().toCompletableFuture().get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("request " + submission.id() + " ended without an outcome", e);
                }
                long total = System.nanoTime() - start;
                if (!outcome.succeeded()) {
                    throw new IllegalStateException("request " + outcome.id() + " " + operation + " " + cpu + ": "
                            + outcome.status() + " " + outcome.failure().map(f -> f.describe()).orElse(""));
                }
                lines.add(line(total, outcome));
            }
            write(Path.of(file), lines);
            return count + " requests timed into " + file;
        } finally {
            context.ungetService(ref);
        }
    }

    public String history(int count, String file) throws IOException {
        ServiceReference<RequestQueue> ref = context.getServiceReference(RequestQueue.class);
        if (ref == null) {
            throw new IllegalStateException("no RequestQueue service");
        }
        try {
            List<Outcome> sysfs = context.getService(ref).recent().stream()
                    .filter(o -> o.request().origin().equals("sysfs") && o.finished().isPresent())
                    .limit(count).toList();
            if (sysfs.size() < count) {
                throw new IllegalStateException("only " + sysfs.size() + " ended sysfs requests in the history, not "
                        + count + ": is the history shorter?");
            }
            List<String> lines = new ArrayList<>(count);
            for (int i = sysfs.size() - 1; i >= 0; i--) {
                lines.add(line(0, sysfs.get(i)));
            }
            write(Path.of(file), lines);
            return count + " sysfs requests written to " + file;
        } finally {
            context.ungetService(ref);
        }
    }

    private static String line(long total, Outcome outcome) {
        long handlers = 0;
        for (TraceEntry entry : outcome.trace()) {
            handlers += entry.duration().toNanos();
        }
        Duration queue = outcome.queueTime();
        Duration run = outcome.runTime();
        return total + " " + queue.toNanos() + " " + run.toNanos() + " " + handlers;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".part");
        Files.write(aside, lines);
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
