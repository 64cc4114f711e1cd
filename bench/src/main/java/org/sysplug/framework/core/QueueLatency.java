package org.sysplug.framework.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.sysplug.framework.HotplugRequest;

/**
 * Submit-to-done latency through the request queue with 1, 8 and 64 requests in it at once (one
 * running, the others waiting): a submitting thread keeps that many in flight, submitting the next
 * one as soon as one ends, and each request's time from just before {@code submit} to the
 * completion of its outcome is recorded. The same 18 handlers as {@link DispatchBenchmark}, with
 * 1-device and 1,024-device requests. Outside {@code mvn verify}:
 *
 * <pre>java -cp bench/target/benchmarks.jar org.sysplug.framework.core.QueueLatency [requests per case]</pre>
 */
public final class QueueLatency {

    private QueueLatency() {
    }

    public static void main(String[] args) throws Exception {
        int perCase = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        System.out.println("devices  queued  requests     p50 (us)    p99 (us)    max (us)  throughput (req/s)");
        for (int devices : new int[] { 1, 1024 }) {
            long[] state = new long[devices];
            HotplugRequest request = EighteenHandlers.request(devices, 0);
            SerialQueue queue = new SerialQueue(EighteenHandlers.registry(state), new PhaseRunner((h, a, e) -> { }),
                    new SerialQueue.Listener() {
                    }, Clock.systemUTC(), 128, 256, null);
            queue.start();
            try {
                int requests = devices == 1 ? perCase : Math.max(1000, perCase / 8);
                for (int depth : new int[] { 1, 8, 64 }) {
                    run(queue, request, depth, requests); // warm-up, not reported
                    long start = System.nanoTime();
                    long[] latencies = run(queue, request, depth, requests);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Arrays.sort(latencies);
                    System.out.printf(Locale.ROOT, "%7d  %6d  %8d  %11.1f %11.1f %11.1f  %18.0f%n", devices, depth,
                            requests, percentile(latencies, 0.50) / 1e3, percentile(latencies, 0.99) / 1e3,
                            latencies[latencies.length - 1] / 1e3, requests / seconds);
                }
            } finally {
                queue.stop(Duration.ofSeconds(5));
            }
        }
    }

    /** Keeps {@code depth} requests in the queue until {@code count} have ended; returns their latencies (ns). */
    private static long[] run(SerialQueue queue, HotplugRequest request, int depth, int count) throws InterruptedException {
        long[] latencies = new long[count];
        Semaphore inFlight = new Semaphore(depth);
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            int slot = i;
            long submitted = System.nanoTime();
            queue.submit(request).outcome().whenComplete((outcome, error) -> {
                latencies[slot] = System.nanoTime() - submitted;
                if (error != null || !outcome.succeeded()) {
                    failures.incrementAndGet();
                }
                inFlight.release();
                done.countDown();
            });
        }
        done.await(); // also makes every latency written above visible here
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests did not succeed");
        }
        return latencies;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
