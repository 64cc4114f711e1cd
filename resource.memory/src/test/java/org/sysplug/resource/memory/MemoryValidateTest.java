package org.sysplug.resource.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.resource.memory.Fixture.GIB;
import static org.sysplug.resource.memory.Fixture.MEM2;
import static org.sysplug.resource.memory.Fixture.added;
import static org.sysplug.resource.memory.Fixture.describe;
import static org.sysplug.resource.memory.Fixture.mem2;
import static org.sysplug.resource.memory.Fixture.validate;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.Zone;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

class MemoryValidateTest {

    private static final HotplugRequest EJECT_MEM2 = HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.MEM2").build();

    @Test
    void anAddedRangeOfMovableMemoryCanGoAndValidationChangesNothing() throws Exception {
        TestMachine m = TestMachine.boot("default");
        added(m, MEM2, 2 * GIB, 0, id -> true);
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, true));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aRangeNotAddedAtAllHasNothingToRemove() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, false));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.notes()).anyMatch(n -> n.contains("is not added")));
    }

    @Test
    void aRangeOnlyPartlyAddedIsRefusedNamingTheMissingBlocks() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, GIB, 0);

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, false));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EINVAL");
        assertThat(o.failure().orElseThrow().message()).contains("only partly added", "memory144-151 do not exist");
    }

    @Test
    void aRangeNotAlignedToBlocksIsRefused() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);

        Outcome o = LocalRunner.run(EJECT_MEM2,
                describe(false, new MemoryResource("\\_SB.MEM2", MEM2 + 4096, GIB, 0, Zone.UNSPECIFIED)), validate(m, false));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EINVAL");
        assertThat(o.failure().orElseThrow().message()).contains("not aligned to the block size 128MiB");
    }

    @Test
    void movableOnlyRefusesOnlineBlocksOutsideZoneMovable() throws Exception {
        TestMachine m = TestMachine.boot("default");
        added(m, MEM2, 2 * GIB, 0, id -> id != 141 && id != 142);
        State before = State.of(m);

        Outcome refused = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, true));
        Outcome allowed = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, false));

        assertThat(refused.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(refused.failure().orElseThrow().code()).isEqualTo("EPERM");
        assertThat(refused.failure().orElseThrow().message()).contains("memory141-142", "outside ZONE_MOVABLE", "movable.only");
        assertThat(allowed.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void movableOnlyLetsOfflineKernelZoneBlocksGo() throws Exception {
        TestMachine m = TestMachine.boot("default");
        added(m, MEM2, 2 * GIB, 0, id -> id != 141);
        m.memory().offline(141);

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, true));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aRangeWithAnOnlineBlockOfUnmovablePagesIsRefused() throws Exception {
        TestMachine m = TestMachine.boot("default");
        added(m, MEM2, 2 * GIB, 0, id -> true);
        m.pin(147);
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_MEM2, describe(false, mem2()), validate(m, false));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("memory147");
        assertThat(o.failure().orElseThrow().message()).contains("unmovable pages");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void dryRunReportsTheSameRefusal() throws Exception {
        TestMachine m = TestMachine.boot("default");
        added(m, MEM2, 2 * GIB, 0, id -> true);
        m.pin(147);
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.MEM2").dryRun(true).build(),
                describe(false, mem2()), validate(m, false), Fixture.remove(m));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void offlineTargetsMustExistBeOnlineAndMovable() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);

        Outcome missing = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "memory200").build(), validate(m, false));
        Outcome offline = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "memory40", "memory140").build(),
                validate(m, false));
        // the first GiB (memory0-7) holds the kernel: unmovable
        Outcome kernel = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "memory3").build(), validate(m, false));
        // memory.remove takes the targets at execute: only an execute handler's claim counts
        Outcome fine = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "memory40", "memory41").build(),
                validate(m, true), LocalRunner.takingTheTargets(Phase.DELETE_EXECUTE));

        assertThat(missing.failure().orElseThrow().code()).isEqualTo("ENODEV");
        assertThat(offline.failure().orElseThrow().code()).isEqualTo("EINVAL");
        assertThat(offline.failure().orElseThrow().message()).isEqualTo("memory140 is already offline");
        assertThat(kernel.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(fine.status()).isEqualTo(Status.SUCCEEDED);
    }
}
