package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.platform.sim.Machines.GIB;
import static org.sysplug.platform.sim.Machines.MIB;
import static org.sysplug.platform.sim.PortErrors.refused;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;

/** Memory blocks, zones and valid_zones as drivers/base/memory.c and mm/memory_hotplug.c have them. */
class MemoryRulesTest {

    /** Node1's range in the default machine: blocks 72-135. */
    private static final long NODE1 = 9 * GIB;

    private final SimMachine machine = Machines.boot("default");

    private MemoryBlock block(int id) {
        return machine.topology().block(id).orElseThrow();
    }

    private List<Zone> validZones(int id) {
        return block(id).validZones();
    }

    @Test
    void bootMemoryIsOnlineInBlocksOfTheBlockSize() {
        assertThat(machine.blockSize()).isEqualTo(128 * MIB);
        assertThat(machine.topology().memory()).hasSize(64).allSatisfy(b -> {
            assertThat(b.start()).isEqualTo(b.id() * 128 * MIB);
            assertThat(b.size()).isEqualTo(128 * MIB);
            assertThat(b.state()).isEqualTo(BlockState.ONLINE);
            assertThat(b.zone()).isEqualTo(Zone.NORMAL);
            assertThat(b.validZones()).containsExactly(Zone.NORMAL);
        });
        // the PCI hole between 3 GiB and 4 GiB has no blocks
        assertThat(machine.topology().blocks(3 * GIB, GIB)).isEmpty();
    }

    @Test
    void freeMemoryIsOnlineMemoryLessTheKernelsUnmovableBlocksAndTheMemmapOfEveryAddedBlock() throws PortException {
        // 64 blocks online; memory0-7 are the description's unmovable first GiB; struct pages: 1/64 of 8 GiB
        assertThat(machine.memoryFree()).isEqualTo(7 * GIB - 8 * GIB / 64);
        machine.pin(40, true);
        assertThat(machine.memoryFree()).isEqualTo(7 * GIB - 128 * MIB - 8 * GIB / 64);
        machine.memoryOffline(41);
        assertThat(machine.memoryFree()).isEqualTo(7 * GIB - 256 * MIB - 8 * GIB / 64);
        // an added block costs its memmap at once, and gives memory only once online
        machine.memoryAdd(NODE1, GIB, 1);
        assertThat(machine.memoryFree()).isEqualTo(7 * GIB - 256 * MIB - 9 * GIB / 64);
    }

    @Test
    void addCreatesOfflineBlocksWhoseIdIsStartOverBlockSize() throws PortException {
        List<Integer> ids = machine.memoryAdd(NODE1, GIB, 1);

        assertThat(ids).containsExactly(72, 73, 74, 75, 76, 77, 78, 79);
        assertThat(block(72).start()).isEqualTo(NODE1);
        assertThat(block(72).node()).isEqualTo(1);
        assertThat(block(72).state()).isEqualTo(BlockState.OFFLINE);
        assertThat(block(72).zone()).isEqualTo(Zone.UNSPECIFIED);
        assertThat(validZones(72)).containsExactly(Zone.NORMAL, Zone.MOVABLE);
    }

    @Test
    void addingMemoryToAnOfflineNodeBringsItOnline() throws PortException {
        assertThat(machine.topology().node(1).orElseThrow().online()).isFalse();

        machine.memoryAdd(NODE1, GIB, 1);

        assertThat(machine.topology().node(1).orElseThrow().online()).isTrue();
    }

    @Test
    void addRequiresABlockAlignedStartAndSize() {
        refused(machine, Errno.EINVAL, "memory72", () -> machine.memoryAdd(NODE1 + MIB, GIB, 1));
        PortException e = refused(machine, Errno.EINVAL, "memory72", () -> machine.memoryAdd(NODE1, 200 * MIB, 1));
        assertThat(e.getMessage()).contains("block size 128MiB");
        refused(machine, Errno.EINVAL, "memory72", () -> machine.memoryAdd(NODE1, 0, 1));
    }

    @Test
    void addRefusesMemoryThatOverlapsAddedMemory() throws PortException {
        PortException e = refused(machine, Errno.EBUSY, "memory71", () -> machine.memoryAdd(8 * GIB + 896 * MIB, GIB, 0));
        assertThat(e.getMessage()).contains("memory71");

        machine.memoryAdd(NODE1, GIB, 1);
        refused(machine, Errno.EBUSY, "memory79", () -> machine.memoryAdd(NODE1 + 896 * MIB, GIB, 1));
    }

    @Test
    void addToANodeThatIsNotPossibleIsRefused() {
        refused(machine, Errno.ENODEV, "node7", () -> machine.memoryAdd(NODE1, GIB, 7));
    }

    @Test
    void onlineTypesChooseTheZone() throws PortException {
        machine.memoryAdd(NODE1, GIB, 1);

        machine.memoryOnline(72, OnlineType.ONLINE);
        machine.memoryOnline(74, OnlineType.ONLINE_KERNEL);
        machine.memoryOnline(79, OnlineType.ONLINE_MOVABLE);

        assertThat(block(72).zone()).isEqualTo(Zone.NORMAL);
        assertThat(block(74).zone()).isEqualTo(Zone.NORMAL);
        assertThat(block(79).zone()).isEqualTo(Zone.MOVABLE);
        assertThat(validZones(79)).as("an online block lists only its zone").containsExactly(Zone.MOVABLE);
        assertThat(block(79).state()).isEqualTo(BlockState.ONLINE);
    }

    @Test
    void theDefaultZoneIsTheZoneWhoseSpanAloneCoversTheBlock() throws PortException {
        machine.memoryAdd(NODE1, GIB, 1);
        machine.memoryOnline(72, OnlineType.ONLINE_MOVABLE);
        machine.memoryOnline(75, OnlineType.ONLINE_MOVABLE);

        // 73 and 74 lie inside ZONE_MOVABLE's span [72, 75]: default_zone_for_pfn inherits Movable
        assertThat(validZones(73)).containsExactly(Zone.MOVABLE, Zone.NORMAL);
        machine.memoryOnline(73, OnlineType.ONLINE);
        assertThat(block(73).zone()).isEqualTo(Zone.MOVABLE);
        // 76 lies outside every span: the kernel zone, as movable_node is off
        assertThat(validZones(76)).containsExactly(Zone.NORMAL, Zone.MOVABLE);

        // shrink_zone_span: offlining the edge block 75 shrinks the span to [72, 73]
        machine.memoryOffline(75);
        assertThat(validZones(74)).containsExactly(Zone.NORMAL, Zone.MOVABLE);
        assertThat(validZones(75)).containsExactly(Zone.NORMAL, Zone.MOVABLE);
    }

    @Test
    void aBlockInsideBothSpansDefaultsToTheKernelZoneWithoutMovableNode() throws PortException {
        machine.memoryAdd(NODE1, GIB, 1);
        machine.memoryOnline(72, OnlineType.ONLINE_KERNEL);
        machine.memoryOnline(79, OnlineType.ONLINE_KERNEL);
        machine.memoryOnline(74, OnlineType.ONLINE_MOVABLE);
        machine.memoryOnline(77, OnlineType.ONLINE_MOVABLE);

        assertThat(validZones(73)).as("Normal span only").containsExactly(Zone.NORMAL, Zone.MOVABLE);
        assertThat(validZones(75)).as("both spans").containsExactly(Zone.NORMAL, Zone.MOVABLE);
    }

    @Test
    void withMovableNodeABlockInsideBothSpansOrNoneDefaultsToMovable() throws PortException {
        SimMachine server = Machines.boot("server-4node");
        long node2 = 66 * GIB;
        int first = (int) (node2 / server.blockSize());
        server.memoryAdd(node2, 16 * GIB, 2);
        assertThat(server.topology().block(first).orElseThrow().validZones()).as("no span")
                .containsExactly(Zone.MOVABLE, Zone.NORMAL);

        server.memoryOnline(first, OnlineType.ONLINE_KERNEL);
        server.memoryOnline(first + 7, OnlineType.ONLINE_KERNEL);
        server.memoryOnline(first + 2, OnlineType.ONLINE_MOVABLE);
        server.memoryOnline(first + 5, OnlineType.ONLINE_MOVABLE);

        assertThat(server.topology().block(first + 1).orElseThrow().validZones()).as("Normal span only")
                .containsExactly(Zone.NORMAL, Zone.MOVABLE);
        assertThat(server.topology().block(first + 3).orElseThrow().validZones()).as("both spans")
                .containsExactly(Zone.MOVABLE, Zone.NORMAL);
        server.memoryOnline(first + 3, OnlineType.ONLINE);
        assertThat(server.topology().block(first + 3).orElseThrow().zone()).isEqualTo(Zone.MOVABLE);
    }

    @Test
    void withMovableNodeHotPluggableBootMemoryBootsMovable() {
        SimMachine server = Machines.boot("server-4node");
        assertThat(server.topology().memoryOf(0)).allSatisfy(b -> assertThat(b.zone()).isEqualTo(Zone.NORMAL));
        assertThat(server.topology().memoryOf(1)).isNotEmpty()
                .allSatisfy(b -> assertThat(b.zone()).isEqualTo(Zone.MOVABLE));
    }

    @Test
    void aZoneNotInValidZonesIsRefused() throws PortException {
        machine.memoryAdd(NODE1, GIB, 1);
        machine.memoryOnline(72, OnlineType.ONLINE_MOVABLE);

        PortException e = refused(machine, Errno.EINVAL, "memory72", () -> machine.memoryOnline(72, OnlineType.ONLINE_KERNEL));
        assertThat(e.getMessage()).contains("valid_zones is just Movable");
        refused(machine, Errno.EINVAL, "memory72", () -> machine.memoryOnline(72, OnlineType.ONLINE_MOVABLE));
    }

    @Test
    void offliningAnOfflineBlockOrAnUnknownOneIsRefused() throws PortException {
        machine.memoryAdd(NODE1, GIB, 1);
        refused(machine, Errno.EINVAL, "memory72", () -> machine.memoryOffline(72));
        refused(machine, Errno.ENODEV, "memory500", () -> machine.memoryOffline(500));
        refused(machine, Errno.ENODEV, "memory500", () -> machine.memoryOnline(500, OnlineType.ONLINE));
    }

    @Test
    void aPinnedBlockCannotBeOfflinedAndIsNotRemovable() throws PortException {
        machine.memoryAdd(NODE1, GIB, 1);
        machine.memoryOnline(72, OnlineType.ONLINE_MOVABLE);
        machine.pin(72, true);

        assertThat(block(72).removable()).isFalse();
        PortException e = refused(machine, Errno.EBUSY, "memory72", () -> machine.memoryOffline(72));
        assertThat(e.getMessage()).contains("unmovable");

        machine.pin(72, false);
        assertThat(block(72).removable()).isTrue();
        machine.memoryOffline(72);
        assertThat(block(72).state()).isEqualTo(BlockState.OFFLINE);
    }

    @Test
    void unmovableBootMemoryCannotBeOfflined() throws PortException {
        assertThat(block(0).removable()).isFalse();
        assertThat(block(7).removable()).isFalse();
        assertThat(block(8).removable()).isTrue();
        refused(machine, Errno.EBUSY, "memory7", () -> machine.memoryOffline(7));
        machine.memoryOffline(8);
    }

    @Test
    void pinningAnUnknownBlockIsRefused() {
        refused(machine, Errno.ENODEV, "memory999", () -> machine.pin(999, true));
    }

    @Test
    void removeRequiresEveryBlockOfTheRangeOffline() throws PortException {
        machine.memoryAdd(NODE1, GIB, 1);
        machine.memoryOnline(75, OnlineType.ONLINE_MOVABLE);

        PortException e = refused(machine, Errno.EBUSY, "memory75", () -> machine.memoryRemove(NODE1, GIB));
        assertThat(e.getMessage()).contains("memory75");

        machine.memoryOffline(75);
        machine.memoryRemove(NODE1, 512 * MIB);
        assertThat(machine.topology().blocks(NODE1, GIB)).extracting(MemoryBlock::id).containsExactly(76, 77, 78, 79);
    }

    @Test
    void removeRequiresAddedAlignedMemory() throws PortException {
        machine.memoryAdd(NODE1, GIB, 1);
        refused(machine, Errno.EINVAL, "memory80", () -> machine.memoryRemove(NODE1, 2 * GIB));
        refused(machine, Errno.EINVAL, "memory72", () -> machine.memoryRemove(NODE1 + MIB, GIB));
    }

    @Test
    void removingTheLastMemoryOfANodeWithoutCpusTakesItOffline() throws PortException {
        machine.memoryAdd(NODE1, GIB, 1);
        machine.memoryRemove(NODE1, 512 * MIB);
        assertThat(machine.topology().node(1).orElseThrow().online()).isTrue();

        machine.memoryRemove(NODE1 + 512 * MIB, 512 * MIB);

        assertThat(machine.topology().node(1).orElseThrow().online()).isFalse();
        assertThat(machine.topology().memoryOf(1)).isEmpty();
    }

    @Test
    void aNodeThatStillHasACpuStaysOnlineWhenItsMemoryGoes() throws PortException {
        machine.cpuRegister(16, 1);
        machine.memoryAdd(NODE1, GIB, 1);
        machine.memoryRemove(NODE1, GIB);
        assertThat(machine.topology().node(1).orElseThrow().online()).isTrue();
    }
}
