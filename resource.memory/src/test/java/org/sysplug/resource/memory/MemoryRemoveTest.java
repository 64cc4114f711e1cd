package org.sysplug.resource.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.resource.memory.Fixture.GIB;
import static org.sysplug.resource.memory.Fixture.MEM2;
import static org.sysplug.resource.memory.Fixture.added;
import static org.sysplug.resource.memory.Fixture.block;
import static org.sysplug.resource.memory.Fixture.describe;
import static org.sysplug.resource.memory.Fixture.failAt;
import static org.sysplug.resource.memory.Fixture.mem2;
import static org.sysplug.resource.memory.Fixture.remove;
import static org.sysplug.resource.memory.Fixture.validate;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.Zone;
import org.sysplug.framework.core.CancellableRun;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

class MemoryRemoveTest {

    private static final HotplugRequest EJECT_MEM2 = HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.MEM2").build();
    private static final MemoryResource NOD1_MEM0 = new MemoryResource("\\_SB.NOD1.MEM0", 0x240000000L, 8 * GIB, 1,
            Zone.UNSPECIFIED);

    /** MEM2 added on node0 with mixed zones: odd blocks Movable, even blocks Normal. */
    private static TestMachine mixed() throws Exception {
        TestMachine m = TestMachine.boot("default");
        added(m, MEM2, 2 * GIB, 0, id -> id % 2 == 1);
        return m;
    }

    @Test
    void hotRemoveOfflinesEveryBlockAndRemovesTheRange() throws Exception {
        TestMachine m = mixed();

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, false), remove(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(m.topology().blocks(MEM2, 2 * GIB)).isEmpty();
        assertThat(m.topology().node(0).orElseThrow().online()).isTrue();
    }

    @Test
    void rollbackReaddsTheRangeAndReonlinesEveryBlockInItsZone() throws Exception {
        TestMachine m = mixed();
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, false), remove(m),
                failAt(Phase.DELETE_EXECUTE, 100));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
        assertThat(block(m, 137).zone()).isEqualTo(Zone.MOVABLE);
        assertThat(block(m, 138).zone()).isEqualTo(Zone.NORMAL);
    }

    @Test
    void aBlockThatFailsToGoOfflineMidRangeBringsTheOthersBack() throws Exception {
        TestMachine m = mixed();
        m.fail("memory.offline", "memory145", "EBUSY", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, false), remove(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().device()).isEqualTo("memory145");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void unmovablePagesFoundAtExecuteBringEverythingBack() throws Exception {
        TestMachine m = mixed();
        m.pin(150);
        State before = State.of(m);

        // without the validation: the kernel refuses memory150 after 14 blocks went offline
        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), remove(m));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aSecondRangeThatFailsToGoReaddsAndReonlinesTheFirst() throws Exception {
        TestMachine m = mixed();
        m.insert("\\_SB.NOD1");
        added(m, 0x240000000L, 8 * GIB, 1, id -> true);
        m.fail("memory.remove", "memory136", "EBUSY", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, NOD1_MEM0, mem2()), remove(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void blocksOfflineAlreadyAreSkippedAndStayOfflineOnRollback() throws Exception {
        TestMachine m = mixed();
        for (int id = 136; id < 140; id++) {
            m.memory().offline(id);
        }
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), remove(m), failAt(Phase.DELETE_EXECUTE, 100));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.notes()).contains("offlined memory140-151"));
    }

    @Test
    void aRangeNotAddedIsSkipped() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), remove(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aCancelBetweenBlocksStopsTheOfflineAndBringsTheBlocksBack() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        added(m, 0x240000000L, 8 * GIB, 1, id -> true);
        State before = State.of(m);
        CancellableRun run = new CancellableRun(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD1").build());
        AtomicInteger offlineCalls = new AtomicInteger();
        var counting = Fixture.after(m, 10, () -> {
            offlineCalls.set(10);
            run.cancel();
        });

        Outcome o = run.run(List.of(describe(false, NOD1_MEM0), remove(counting, m.view())));

        assertThat(o.status()).isEqualTo(Status.CANCELLED);
        assertThat(offlineCalls.get()).isEqualTo(10);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.message()).contains("CANCELLED"));
        assertThat(State.of(m)).isEqualTo(before);
    }

    // ------------------------------------------------------------------ offline memoryN

    @Test
    void offlineTargetsGoOfflineAndRollbackReonlinesThemInTheirZones() throws Exception {
        TestMachine m = mixed();
        State before = State.of(m);

        Outcome failed = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "memory137", "memory138", "memory40").build(),
                validate(m, false), remove(m), failAt(Phase.DELETE_EXECUTE, 100));
        assertThat(failed.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);

        Outcome ok = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "memory137", "memory138", "memory40", "cpu3")
                .build(), validate(m, false), remove(m), LocalRunner.takingTheTargets(Phase.DELETE_EXECUTE));
        assertThat(ok.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(List.of(block(m, 137).online(), block(m, 138).online(), block(m, 40).online()))
                .containsOnly(false);
    }

    @Test
    void aTargetThatFailsToGoOfflineBringsBackTheTargetsBeforeIt() throws Exception {
        TestMachine m = mixed();
        m.fail("memory.offline", "memory139", "EBUSY", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "memory136", "memory137", "memory138",
                "memory139").build(), validate(m, false), remove(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
    }
}
