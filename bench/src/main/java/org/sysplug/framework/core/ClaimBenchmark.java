package org.sysplug.framework.core;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Target;
import org.sysplug.framework.TraceEntry;

/**
 * What taking a target costs a handler: one execute call walking 1,024 targets, with and without
 * a claim of each (and the runner's check that every target was taken), on a fresh request each
 * time, as the claims' structure is made per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClaimBenchmark {

    private HotplugRequest request;
    private HandlerEntry handler;

    @Setup
    public void setUp() {
        request = EighteenHandlers.request(1024, 0);
        handler = EighteenHandlers.registry(new long[1024]).snapshot().all().get(6);
    }

    @Benchmark
    public int walk() {
        return call(false);
    }

    @Benchmark
    public int walkAndClaim() {
        return call(true);
    }

    private int call(boolean claim) {
        RequestRun run = new RequestRun(1, request, Instant.EPOCH);
        run.enter(handler, Phase.ADD_EXECUTE, TraceEntry.Action.APPLY);
        List<Target> targets = run.request().targets();
        int sum = 0;
        for (int i = 0; i < targets.size(); i++) {
            sum += targets.get(i).name().length();
            if (claim) {
                run.claim(targets.get(i));
            }
        }
        run.leave();
        // the check the runner makes at the end of the execute phase, when every target was taken
        return claim ? sum + run.unclaimedTargets(Phase.Step.EXECUTE).size() : sum;
    }
}
