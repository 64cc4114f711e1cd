package org.sysplug.framework.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Submission;

/**
 * What the framework costs: a HOT_ADD request with 6 handlers in each of its 3 phases, run
 * through the request queue (submit, worker hand-off, snapshot, trace, outcome), against the
 * same 18 handlers called directly in a loop on the same context. Each handler does a small
 * piece of per-device work, as a port call for every target would. Two sizes: 1,024 devices (a
 * bulk request) and 1 device (the common case, one CPU online), where the fixed per-request
 * cost dominates. A third measure, {@link #handOff}, runs the direct loop on another thread
 * through a plain single-thread executor: the cost of handing work to a thread and waiting for
 * it, which no queue with a worker thread can go below. A fourth, {@link #throughQueueInBatches},
 * submits {@value #BATCH} requests and waits for the last: the worker goes from one to the next
 * without sleeping and the caller wakes once, so what is left per request is the framework's own
 * bookkeeping without the hand-off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DispatchBenchmark {

    /** How many devices the request targets. */
    @Param({ "1", "1024" })
    public int devices;

    private long[] state;
    private HotplugRequest request;
    private List<HandlerEntry> entries;
    private SerialQueue queue;
    private final PhaseRunner runner = new PhaseRunner((h, a, e) -> { });
    private HandlerSnapshot snapshot;
    private ExecutorService plainWorker;

    @Setup(Level.Trial)
    public void setUp() {
        state = new long[devices];
        request = EighteenHandlers.request(devices, 0);
        HandlerRegistry registry = EighteenHandlers.registry(state);
        entries = registry.snapshot().all();
        snapshot = registry.snapshot();
        queue = new SerialQueue(registry, new PhaseRunner((h, a, e) -> { }), new SerialQueue.Listener() {
        }, Clock.systemUTC(), 64, 256, null);
        queue.start();
        plainWorker = Executors.newSingleThreadExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        queue.stop(Duration.ofSeconds(5));
        plainWorker.shutdownNow();
    }

    /** Through the queue: submit, wait for the outcome. */
    @Benchmark
    public Outcome throughQueue() throws Exception {
        Outcome outcome = queue.submit(request).await(Duration.ofSeconds(10));
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.toString());
        }
        return outcome;
    }

    static final int BATCH = 32;

    /** Through the queue, {@value #BATCH} requests at a time: the cost per request with the hand-off shared. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Outcome throughQueueInBatches() throws Exception {
        Submission last = null;
        for (int i = 0; i < BATCH; i++) {
            last = queue.submit(request);
        }
        // one worker, in order: when the last has ended, so have the others
        Outcome outcome = last.await(Duration.ofSeconds(10));
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.toString());
        }
        return outcome;
    }

    /** The phase runner alone on the calling thread: the trace, claims and checks, without the queue and its thread. */
    @Benchmark
    public PhaseRunner.Ending phaseRunnerOnly() {
        PhaseRunner.Ending ending = runner.run(new RequestRun(1, request, Instant.now()), snapshot);
        if (ending.status() != org.sysplug.framework.Status.SUCCEEDED) {
            throw new IllegalStateException(ending.toString());
        }
        return ending;
    }

    /** The same handlers, in the same order, called directly. */
    @Benchmark
    public long direct() throws Exception {
        return callDirectly();
    }

    /** The direct loop on another thread: the bare hand-off to a worker and back, without the framework. */
    @Benchmark
    public long handOff() throws Exception {
        return plainWorker.submit(this::callDirectly).get(10, TimeUnit.SECONDS);
    }

    private long callDirectly() throws Exception {
        RequestRun context = new RequestRun(1, request, Instant.now());
        for (HandlerEntry e : entries) {
            e.handler().apply(context);
        }
        return state[0];
    }
}
