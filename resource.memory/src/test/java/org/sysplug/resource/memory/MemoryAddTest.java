package org.sysplug.resource.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.resource.memory.Fixture.GIB;
import static org.sysplug.resource.memory.Fixture.MEM2;
import static org.sysplug.resource.memory.Fixture.add;
import static org.sysplug.resource.memory.Fixture.block;
import static org.sysplug.resource.memory.Fixture.describe;
import static org.sysplug.resource.memory.Fixture.failAt;
import static org.sysplug.resource.memory.Fixture.mem2;
import static org.sysplug.resource.memory.Fixture.range;

import java.util.List;
import java.util.Map;

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
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

class MemoryAddTest {

    private static final HotplugRequest ADD_MEM2 = HotplugRequest.of(Operation.HOT_ADD, "\\_SB.MEM2").build();

    private static List<Zone> zones(TestMachine m, int first, int last) {
        return range(first, last).stream().map(id -> block(m, id).zone()).toList();
    }

    @Test
    void hotAddAddsTheRangeAndOnlinesItMovableByDefault() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.MEM2");

        Outcome o = LocalRunner.run(ADD_MEM2, describe(true, mem2()), add(m, OnlinePolicy.ONLINE_MOVABLE));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(m.topology().blocks(MEM2, 2 * GIB)).extracting(MemoryBlock::id).containsExactlyElementsOf(range(136, 151));
        assertThat(zones(m, 136, 151)).containsOnly(Zone.MOVABLE);
        assertThat(m.topology().memoryOf(0)).hasSize(64 + 16);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.notes())
                .contains("memory136-151 added to node0 from \\_SB.MEM2, online in Movable memory136-151"));
    }

    @Test
    void theDefaultConfigurationIsOnlineMovableAndNotMovableOnly() {
        TestMachine m = TestMachine.boot("default");
        assertThat(MemorySettings.DEFAULTS).isEqualTo(MemorySettings.of(OnlinePolicy.ONLINE_MOVABLE, false));
        MemoryAdd h = new MemoryAdd(m.memory(), m.view(), Fixture.config("online_movable", false));
        assertThat(h.settings()).isEqualTo(MemorySettings.DEFAULTS);
    }

    @Test
    void policyOfflineLeavesTheNewBlocksOffline() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome o = LocalRunner.run(ADD_MEM2, describe(true, mem2()), add(m, OnlinePolicy.OFFLINE));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(m.topology().blocks(MEM2, 2 * GIB)).hasSize(16).noneMatch(MemoryBlock::online);
    }

    @Test
    void policyOnlineUsesTheKernelsDefaultZone() throws Exception {
        // default machine: Normal is the default zone; server-4node (movable_node): Movable
        TestMachine plain = TestMachine.boot("default");
        LocalRunner.run(ADD_MEM2, describe(true, mem2()), add(plain, OnlinePolicy.ONLINE));
        assertThat(zones(plain, 136, 151)).containsOnly(Zone.NORMAL);

        TestMachine movableNode = TestMachine.boot("server-4node");
        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1.MEMS").build(),
                describe(true, new MemoryResource("\\_SB.NOD1.MEMS", 130 * GIB, 4 * GIB, 1, Zone.UNSPECIFIED)),
                add(movableNode, OnlinePolicy.ONLINE));
        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(zones(movableNode, 65, 66)).containsOnly(Zone.MOVABLE);
    }

    @Test
    void policyOnlineKernelUsesTheKernelZoneEvenWhereMovableIsTheDefault() throws Exception {
        TestMachine m = TestMachine.boot("server-4node");

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1.MEMS").build(),
                describe(true, new MemoryResource("\\_SB.NOD1.MEMS", 130 * GIB, 4 * GIB, 1, Zone.UNSPECIFIED)),
                add(m, OnlinePolicy.ONLINE_KERNEL));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(zones(m, 65, 66)).containsOnly(Zone.NORMAL);
    }

    @Test
    void onlineMovableFallsBackToTheKernelDefaultWhereMovableIsNotValid() throws Exception {
        TestMachine m = TestMachine.boot("default");
        var view = Fixture.narrowedZones(m, Map.of(140, List.of(Zone.NORMAL), 141, List.of(Zone.NORMAL)));

        Outcome o = LocalRunner.run(ADD_MEM2, describe(true, mem2()),
                add(new MemoryAdd(m.memory(), view, MemorySettings.of(OnlinePolicy.ONLINE_MOVABLE, false))));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(zones(m, 136, 151)).containsExactly(Zone.MOVABLE, Zone.MOVABLE, Zone.MOVABLE, Zone.MOVABLE,
                Zone.NORMAL, Zone.NORMAL, Zone.MOVABLE, Zone.MOVABLE, Zone.MOVABLE, Zone.MOVABLE, Zone.MOVABLE,
                Zone.MOVABLE, Zone.MOVABLE, Zone.MOVABLE, Zone.MOVABLE, Zone.MOVABLE);
    }

    @Test
    void aZoneTheRequestNamesForTheRangeWinsOverThePolicy() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome o = LocalRunner.run(ADD_MEM2,
                describe(true, new MemoryResource("\\_SB.MEM2", MEM2, 2 * GIB, 0, Zone.NORMAL)),
                add(m, OnlinePolicy.OFFLINE));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(zones(m, 136, 151)).containsOnly(Zone.NORMAL);
    }

    @Test
    void aPolicyThatIsNoneOfTheFourIsRefusedAndNothingChanges() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome o = LocalRunner.run(ADD_MEM2, describe(true, mem2()),
                add(new MemoryAdd(m.memory(), m.view(), Fixture.config("movable", false))));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EINVAL");
        assertThat(o.failure().orElseThrow().message()).contains("online.policy 'movable'", "org.sysplug.resource.memory",
                "offline, online, online_movable, online_kernel");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aBrokenPolicyDoesNotFailRequestsItDoesNotDecide() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);
        MemoryAdd h = new MemoryAdd(m.memory(), m.view(), Fixture.config("movable", false));

        Outcome cpus = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu3").build(), add(h),
                LocalRunner.takingTheTargets(Phase.ADD_EXECUTE));
        Outcome zoned = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory140").parameter("zone", "kernel")
                .build(), add(h));
        Outcome unzoned = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory141").build(), add(h));

        assertThat(cpus.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(zoned.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(unzoned.failure().orElseThrow().code()).isEqualTo("EINVAL");
        assertThat(block(m, 141).online()).isFalse();
    }

    @Test
    void aModifiedConfigurationAppliesToTheNextRequest() throws Exception {
        TestMachine m = TestMachine.boot("default");
        MemoryAdd h = new MemoryAdd(m.memory(), m.view(), Fixture.config("online_movable", false));

        h.modified(Fixture.config("offline", false));
        Outcome o = LocalRunner.run(ADD_MEM2, describe(true, mem2()), add(h));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(h.settings().onlinePolicy()).isEqualTo("offline");
        assertThat(m.topology().blocks(MEM2, 2 * GIB)).noneMatch(MemoryBlock::online);
    }

    @Test
    void rollbackOfflinesTheBlocksAndRemovesTheRanges() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        State before = State.of(m);

        Outcome o = LocalRunner.run(ADD_MEM2,
                describe(true, new MemoryResource("\\_SB.NOD1.MEM0", 0x240000000L, 8 * GIB, 1, Zone.UNSPECIFIED), mem2()),
                add(m, OnlinePolicy.ONLINE_MOVABLE), failAt(Phase.ADD_EXECUTE, 200));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aBlockThatFailsToComeOnlineMidRangeUndoesTheWholeAdd() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.fail("memory.online", "memory140", "EIO", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(ADD_MEM2, describe(true, mem2()), add(m, OnlinePolicy.ONLINE_MOVABLE));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().device()).isEqualTo("memory140");
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EIO");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aSecondRangeThatFailsToAddUndoesTheFirst() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        m.fail("memory.add", "memory136", "EBUSY", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(ADD_MEM2,
                describe(true, new MemoryResource("\\_SB.NOD1.MEM0", 0x240000000L, 8 * GIB, 1, Zone.UNSPECIFIED), mem2()),
                add(m, OnlinePolicy.ONLINE_MOVABLE));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aCancelBetweenBlocksStopsTheAddAndUndoesIt() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);
        CancellableRun run = new CancellableRun(ADD_MEM2);

        Outcome o = run.run(List.of(describe(true, mem2()), add(new MemoryAdd(Fixture.after(m, 5, run::cancel), m.view(),
                MemorySettings.of(OnlinePolicy.ONLINE_MOVABLE, false)))));

        assertThat(o.status()).isEqualTo(Status.CANCELLED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    // ------------------------------------------------------------------ online memoryN

    @Test
    void onlineTargetsGoIntoTheRequestedZone() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);

        Outcome movable = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory140", "memory141")
                .parameter("zone", "movable").build(), add(m, OnlinePolicy.ONLINE_KERNEL));
        Outcome kernel = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory145").parameter("zone", "kernel")
                .build(), add(m, OnlinePolicy.ONLINE_MOVABLE));

        assertThat(movable.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(kernel.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(zones(m, 140, 141)).containsOnly(Zone.MOVABLE);
        assertThat(block(m, 145).zone()).isEqualTo(Zone.NORMAL);
    }

    @Test
    void onlineTargetsWithoutAZoneFollowThePolicy() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);

        LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory140").build(), add(m, OnlinePolicy.ONLINE_MOVABLE));
        LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory145").build(), add(m, OnlinePolicy.ONLINE_KERNEL));
        // offline is a policy for hot-add: an explicit online then takes the kernel's default
        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory150").build(), add(m, OnlinePolicy.OFFLINE));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(block(m, 140).zone()).isEqualTo(Zone.MOVABLE);
        assertThat(block(m, 145).zone()).isEqualTo(Zone.NORMAL);
        assertThat(block(m, 150).zone()).isEqualTo(Zone.NORMAL);
    }

    @Test
    void aZoneNotInValidZonesIsRefusedBeforeAnyTargetChanges() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);
        State before = State.of(m);

        // memory40 is online in Normal: its valid_zones are just Normal
        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory140", "memory40")
                .parameter("zone", "movable").build(), add(m, OnlinePolicy.ONLINE_MOVABLE));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EINVAL");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("memory40");
        assertThat(o.failure().orElseThrow().message()).contains("cannot go online in Movable", "valid_zones are Normal");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aZoneNotInValidZonesOfAnOfflineBlockIsRefusedToo() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);
        State before = State.of(m);
        var view = Fixture.narrowedZones(m, Map.of(141, List.of(Zone.NORMAL)));

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory140", "memory141")
                .parameter("zone", "movable").build(),
                add(new MemoryAdd(m.memory(), view, MemorySettings.of(OnlinePolicy.ONLINE_MOVABLE, false))));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EINVAL");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("memory141");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aZoneOtherThanMovableOrKernelIsRefused() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory140").parameter("zone", "DMA32").build(),
                add(m, OnlinePolicy.ONLINE_MOVABLE));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EINVAL");
        assertThat(o.failure().orElseThrow().message()).contains("use movable or kernel");
        assertThat(block(m, 140).online()).isFalse();
    }

    @Test
    void onlineOfABlockThatDoesNotExistIsRefused() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory140").build(),
                add(m, OnlinePolicy.ONLINE_MOVABLE));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("ENODEV");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("memory140");
    }

    @Test
    void aBlockOnlineAlreadyNeedsNothingAndRollbackLeavesItOnline() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory40", "memory140", "cpu3").build(),
                add(m, OnlinePolicy.ONLINE_MOVABLE), failAt(Phase.ADD_EXECUTE, 200));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
        assertThat(block(m, 40).online()).isTrue();
    }

    @Test
    void aTargetThatFailsToComeOnlineUndoesTheTargetsBeforeIt() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.memory().add(MEM2, 2 * GIB, 0);
        m.fail("memory.online", "memory143", "EBUSY", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory140", "memory141", "memory142",
                "memory143", "memory144").parameter("zone", "kernel").build(), add(m, OnlinePolicy.ONLINE_MOVABLE));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().device()).isEqualTo("memory143");
        assertThat(State.of(m)).isEqualTo(before);
    }
}
