package org.sysplug.framework.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;

/**
 * What the request journal costs: the common request (one CPU online, nine handlers, three of each
 * phase) through the queue without a journal and with one, whose directory is
 * {@code -Djournal.dir=DIR} (default the temp dir: give a tmpfs and a disk directory to compare
 * the write and the fsync at the phase boundaries).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JournalBenchmark {

    @Param({ "false", "true" })
    public boolean journaled;

    private SerialQueue queue;
    private Journal journal;
    private Path dir;
    private final HotplugRequest request = HotplugRequest.of(Operation.ONLINE, "cpu5").build();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        HandlerRegistry registry = new HandlerRegistry();
        long serviceId = 1;
        for (Phase phase : Operation.ONLINE.phases()) {
            for (int rank = 0; rank < 3; rank++) {
                boolean takes = phase.step() == Phase.Step.EXECUTE && rank == 0;
                HotplugHandler h = context -> {
                    if (takes) {
                        context.request().targets().forEach(context::claim);
                    }
                    context.note("done");
                };
                registry.add(new HandlerEntry(new HandlerInfo("h" + phase + rank, "bench", 1, serviceId++, phase,
                        rank * 10, EnumSet.allOf(Kind.class)), h));
            }
        }
        RequestLog log = RequestLog.NONE;
        Journal.Recovery recovered = Journal.Recovery.EMPTY;
        if (journaled) {
            dir = Files.createTempDirectory(Path.of(System.getProperty("journal.dir", System.getProperty("java.io.tmpdir"))),
                    "sysplug-journal-bench");
            journal = Journal.open(dir, 256, w -> { });
            log = journal;
            recovered = journal.recovery();
        }
        queue = new SerialQueue(registry, new PhaseRunner((h, a, e) -> { }, log), new SerialQueue.Listener() {
        }, log, recovered, Clock.systemUTC(), 64, 256, null);
        queue.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        queue.stop(Duration.ofSeconds(5));
        if (journal != null) {
            journal.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public Outcome oneCpuOnline() throws Exception {
        Outcome outcome = queue.submit(request).await(Duration.ofSeconds(10));
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.toString());
        }
        return outcome;
    }
}
