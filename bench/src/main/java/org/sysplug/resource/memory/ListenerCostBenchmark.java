package org.sysplug.resource.memory;

import java.time.Duration;
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
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.core.LocalQueue;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.TestMachine;

/**
 * What a topology listener costs a large request: on {@code scale-1024} (32,768 blocks), one ONLINE
 * request naming every block, run through the request queue by the memory module's
 * {@code memory.add} handler, with no topology listener and with one (told after each of the
 * 32,752 block onlines, the machine as it is right after; it only counts what it hears). Before
 * each request every block but the 16 unmovable ones of node0 is offlined, with the listener away.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(1)
public class ListenerCostBenchmark {

    @Param({"none", "one"})
    public String listener;

    private TestMachine machine;
    private LocalQueue queue;
    private HotplugRequest request;
    private long heard;
    private long offlined;
    private Runnable unlisten = () -> { };

    @Setup(Level.Trial)
    public void boot() {
        machine = TestMachine.boot("scale-1024");
        queue = LocalQueue.of(LocalRunner.handler(new MemoryAdd(machine.memory(), machine.view(),
                MemorySettings.of(OnlinePolicy.ONLINE_MOVABLE, false)), Phase.ADD_EXECUTE, Order.ADD_EXECUTE_MEMORY));
        HotplugRequest.Builder builder = HotplugRequest.of(Operation.ONLINE);
        for (MemoryBlock b : machine.topology().memory()) {
            builder.target("memory" + b.id());
        }
        request = builder.build();
    }

    @Setup(Level.Iteration)
    public void offlineEveryMovableBlock() throws Exception {
        unlisten.run();
        offlined = 0;
        for (MemoryBlock b : machine.topology().memory()) {
            if (b.online() && b.removable()) {
                machine.memory().offline(b.id());
                offlined++;
            }
        }
        if (listener.equals("one")) {
            unlisten = machine.listen(this::topologyChanged);
        }
    }

    private void topologyChanged(Topology topology) {
        heard++;
    }

    @Benchmark
    public Outcome onlineEveryBlock() throws Exception {
        Outcome outcome = queue.submit(request).await(Duration.ofMinutes(10));
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.toString());
        }
        return outcome;
    }

    @TearDown(Level.Iteration)
    public void check() {
        long online = machine.topology().memory().stream().filter(MemoryBlock::online).count();
        if (online != machine.topology().memory().size()) {
            throw new IllegalStateException(online + " blocks online after the request");
        }
        if (listener.equals("one") && heard != offlined) {
            throw new IllegalStateException("the listener heard " + heard + " changes, not one per block onlined (" + offlined + ")");
        }
        heard = 0;
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        queue.close();
    }
}
