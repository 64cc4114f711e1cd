package org.sysplug.resource.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.Zone;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.framework.core.LocalRunner.Registration;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

/**
 * Random online and offline requests on random sets of blocks, with random faults injected into
 * the machine, random pinned pages and random later failures, with and without the delete
 * validation (without it, the execute handler meets the refusals itself, part-way): whenever a request fails, the
 * machine is exactly as it was before it (blocks, zones, valid_zones, nodes, CPUs); whenever it
 * succeeds, every target is in the state asked for and no other block changed its state or zone.
 *
 * <p>The faults hit the direction a request goes (online faults for an online request, offline
 * faults and pinned pages for an offline one): a fault that also blocks the way back is a
 * different story — the handler then reports what it could not undo.
 */
class MemoryProperties {

    /** Boot memory of node0 (online Normal; memory4-7 hold the kernel), and \_SB.MEM2's blocks (added offline). */
    private static final List<Integer> POOL = List.of(5, 20, 21, 22, 23, 32, 33, 70, 71, 136, 137, 138, 139, 140, 141,
            142, 143, 144, 145, 146, 147, 148, 149, 150, 151);

    /** A fault on the machine: the operation on a block (or on every block of node0), failing once, twice or always. */
    record Fault(String target, String errno, int times) {
    }

    /** One request and what is injected around it. */
    record Step(boolean online, List<Integer> blocks, String zone, OnlinePolicy policy, List<Fault> faults,
            Integer pin, boolean failLater, boolean validate) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> block = Arbitraries.of(POOL);
        Arbitrary<String> target = Arbitraries.frequencyOf(Tuple.of(9, block.map(b -> "memory" + b)),
                Tuple.of(1, Arbitraries.just("node0")));
        Arbitrary<Fault> fault = Combinators.combine(target, Arbitraries.of("EBUSY", "EIO", "EAGAIN"),
                Arbitraries.of(1, 2, -1)).as(Fault::new);
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.of(true, false),
                block.list().uniqueElements().ofMinSize(1).ofMaxSize(6),
                Arbitraries.of("", "movable", "kernel"),
                Arbitraries.of(OnlinePolicy.values()),
                fault.list().ofMaxSize(2),
                block.injectNull(0.8),
                Arbitraries.of(true, false, false, false),
                Arbitraries.of(true, false))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 300)
    void aFailedRequestLeavesTheMachineAsItWas(@ForAll("steps") List<Step> steps) throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(Fixture.MEM2, Fixture.MEM2_SIZE, 0);
        for (Step step : steps) {
            if (!step.online() && step.pin() != null && Fixture.block(m, step.pin()).online()) {
                // unmovable pages appear in an online block (they stay: an online pinned block never goes offline)
                m.pin(step.pin());
            }
            for (Fault f : step.faults()) {
                m.fail(step.online() ? "memory.online" : "memory.offline", f.target(), f.errno(), f.times());
            }
            State before = State.of(m);
            Outcome o = LocalRunner.run(request(step), handlers(m, step));
            m.clearFaults();
            Statistics.label("outcome").collect(step.online() ? "online" : "offline", o.status(),
                    o.failure().map(f -> f.handler() + " " + f.code()).orElse(""));

            if (o.status().isFailure()) {
                assertThat(o.status()).as("%s", o.failure()).isEqualTo(Status.FAILED_ROLLED_BACK);
                assertThat(State.of(m)).as("after failed %s: %s", step, o.failure()).isEqualTo(before);
            } else {
                assertThat(step.failLater()).isFalse();
                Map<Integer, MemoryBlock> was = byId(before.memory());
                Map<Integer, MemoryBlock> now = byId(m.topology().memory());
                assertThat(now.keySet()).isEqualTo(was.keySet());
                for (int id : now.keySet()) {
                    MemoryBlock b = now.get(id);
                    if (step.blocks().contains(id)) {
                        assertThat(b.online()).as("memory%d after %s", id, step).isEqualTo(step.online());
                        if (step.online() && !step.zone().isEmpty()) {
                            assertThat(b.zone()).isEqualTo(Zone.parse(step.zone()));
                        }
                    } else {
                        assertThat(b.state()).as("memory%d, not a target of %s", id, step).isEqualTo(was.get(id).state());
                        assertThat(b.zone()).isEqualTo(was.get(id).zone());
                    }
                }
            }
        }
    }

    /**
     * A dry run of an online request answers as the request itself would: it succeeds exactly when
     * the request does, fails with the same code on the same block otherwise, and changes nothing
     * (the online validate handler asks what the execute handler checks before it changes anything).
     */
    @Property(tries = 200)
    void aDryRunOfAnOnlineAnswersAsTheRequestDoes(@ForAll("onlines") Tuple.Tuple3<List<Integer>, List<Integer>, String> case_)
            throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(Fixture.MEM2, Fixture.MEM2_SIZE, 0);
        for (int id : case_.get1()) {
            if (Fixture.block(m, id).online()) {
                try {
                    m.memory().offline(id);
                } catch (HotplugException unmovable) {
                    // memory4-7 hold the kernel: they stay online
                }
            }
        }
        HotplugRequest.Builder b = HotplugRequest.of(Operation.ONLINE);
        case_.get2().forEach(id -> b.target("memory" + id));
        if (!case_.get3().isEmpty()) {
            b.parameter("zone", case_.get3());
        }
        Registration validate = LocalRunner.handler(new MemoryOnlineValidate(m.view()), Phase.ADD_VALIDATE, Order.ADD_VALIDATE_MEMORY);
        State before = State.of(m);

        Outcome dry = LocalRunner.run(b.dryRun(true).build(), validate);
        assertThat(State.of(m)).isEqualTo(before);
        // the request without the validate handler: what the execute handler finds by itself
        Outcome real = LocalRunner.run(b.dryRun(false).build(), Fixture.add(m, OnlinePolicy.ONLINE_MOVABLE));
        Statistics.label("outcome").collect(real.status(), real.failure().map(f -> f.code()).orElse(""));

        assertThat(dry.status()).as("dry %s, real %s", dry.failure(), real.failure()).isEqualTo(real.status());
        assertThat(dry.failure().map(f -> f.code() + " " + f.device()))
                .isEqualTo(real.failure().map(f -> f.code() + " " + f.device()));
    }

    @Provide
    Arbitrary<Tuple.Tuple3<List<Integer>, List<Integer>, String>> onlines() {
        Arbitrary<Integer> block = Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.of(POOL)), Tuple.of(1, Arbitraries.of(500)));
        return Combinators.combine(Arbitraries.of(POOL).list().uniqueElements().ofMaxSize(8),
                block.list().uniqueElements().ofMinSize(1).ofMaxSize(6),
                Arbitraries.of("", "movable", "kernel", "normal", "dma"))
                .as(Tuple::of);
    }

    private static HotplugRequest request(Step step) {
        HotplugRequest.Builder b = HotplugRequest.of(step.online() ? Operation.ONLINE : Operation.OFFLINE);
        step.blocks().forEach(id -> b.target("memory" + id));
        if (step.online() && !step.zone().isEmpty()) {
            b.parameter("zone", step.zone());
        }
        return b.build();
    }

    private static List<Registration> handlers(TestMachine m, Step step) {
        MemorySettings settings = MemorySettings.of(step.policy(), false);
        List<Registration> out = new ArrayList<>();
        if (step.online()) {
            out.add(Fixture.add(new MemoryAdd(m.memory(), m.view(), settings)));
            if (step.failLater()) {
                out.add(Fixture.failAt(Phase.ADD_EXECUTE, 200));
            }
        } else {
            if (step.validate()) {
                out.add(LocalRunner.handler(new MemoryValidate(m.view(), settings), Phase.DELETE_VALIDATE, 110));
            }
            out.add(Fixture.remove(m));
            if (step.failLater()) {
                out.add(Fixture.failAt(Phase.DELETE_EXECUTE, 100));
            }
        }
        return out;
    }

    private static Map<Integer, MemoryBlock> byId(List<MemoryBlock> blocks) {
        Map<Integer, MemoryBlock> out = new TreeMap<>();
        blocks.forEach(b -> out.put(b.id(), b));
        return out;
    }
}
