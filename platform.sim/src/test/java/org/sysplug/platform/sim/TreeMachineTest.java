package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.description.DescriptionException;

/**
 * A simulated machine built from what a sysfs tree describes: the kernel's state exactly as the
 * tree shows it, the kernel's rules from then on, and trees the kernel could not have made refused
 * in one line.
 */
class TreeMachineTest {

    static final long BLOCK = 128L << 20;
    static final Path TREE = Path.of("/dumps/x86-small");

    static MemoryBlock block(int id, int node, BlockState state, Zone zone, List<Zone> valid, boolean removable) {
        return new MemoryBlock(id, id * BLOCK, BLOCK, node, state, zone, valid, removable);
    }

    /** Like an x86 dump: cpu0 without an online file, cpu2 offline on node1, cpu3 possible but absent; zones as an older kernel showed them. */
    static Topology x86() {
        return new Topology(List.of(new NodeInfo(0, true), new NodeInfo(1, true)), List.of(
                new CpuInfo(0, -1, 0, true, true, false),
                new CpuInfo(1, -1, 0, true, true, true),
                new CpuInfo(2, -1, 1, true, false, true),
                new CpuInfo(3, -1, -1, false, false, false)), BLOCK, List.of(
                block(0, 0, BlockState.ONLINE, Zone.NORMAL, List.of(), false),          // valid_zones "none"
                block(1, 0, BlockState.ONLINE, Zone.DMA32, List.of(Zone.DMA32), true),
                block(2, 0, BlockState.ONLINE, Zone.DMA32, List.of(Zone.DMA32, Zone.NORMAL), true),
                block(3, 1, BlockState.OFFLINE, Zone.UNSPECIFIED, List.of(Zone.NORMAL), true),
                block(5, 1, BlockState.ONLINE, Zone.MOVABLE, List.of(Zone.MOVABLE), true)), 9);
    }

    static SimMachine boot(Topology t) throws DescriptionException {
        return TreeMachine.of(TREE, t).boot();
    }

    @Test
    void theMachineIsInTheTreesStateWithApicIdsFromLogicalIds() throws Exception {
        Topology tree = x86();

        Topology sim = boot(tree).topology();

        assertThat(sim.nodes()).isEqualTo(tree.nodes());
        assertThat(sim.cpus()).containsExactly(
                new CpuInfo(0, 0, 0, true, true, false),
                new CpuInfo(1, 1, 0, true, true, true),
                new CpuInfo(2, 2, 1, true, false, true),
                new CpuInfo(3, -1, -1, false, false, true)); // gets an online file when hot-added, as on Linux
        assertThat(sim.blockSize()).isEqualTo(BLOCK);
        assertThat(sim.memory()).isEqualTo(tree.memory());
        assertThat(sim.generation()).isEqualTo(1);
    }

    @Test
    void cpusFollowTheKernelsRulesAndTheTreesBootCpuStaysOnline() throws Exception {
        SimMachine m = boot(x86());

        assertThatThrownBy(() -> m.cpuOffline(0)).isInstanceOf(PortException.class)
                .hasMessage("cpu0 is not hot-pluggable: it has no online file in the sysfs tree the machine was loaded from "
                        + "(on x86 the boot CPU has none)");
        m.cpuOnline(2);
        m.cpuOffline(1);
        assertThat(m.cpuRegister(77, 1)).as("the only possible CPU not present").isEqualTo(3);
        m.cpuOnline(3);
        m.cpuOffline(3);
        assertThatThrownBy(() -> m.cpuRegister(78, 1)).isInstanceOf(PortException.class)
                .hasMessageContaining("all 4 possible CPUs are present");
        assertThat(m.topology().cpus()).extracting(CpuInfo::online).containsExactly(true, false, true, false);
    }

    @Test
    void blocksShowTheTreesZonesUntilTheyChangeStateThenTheRules() throws Exception {
        SimMachine m = boot(x86());

        assertThatThrownBy(() -> m.memoryOnline(3, OnlineType.ONLINE_MOVABLE)).isInstanceOf(PortException.class)
                .hasMessage("memory3 cannot go online in Movable: its valid_zones are Normal");
        m.memoryOnline(3, OnlineType.ONLINE);
        assertThat(m.topology().block(3).orElseThrow().zone()).isEqualTo(Zone.NORMAL);

        m.memoryOffline(2);
        assertThat(m.topology().block(2).orElseThrow().validZones()).as("now the rules: Normal/Movable, default first")
                .containsExactly(Zone.NORMAL, Zone.MOVABLE);
        m.memoryOnline(2, OnlineType.ONLINE_MOVABLE);
        assertThat(m.topology().block(2).orElseThrow().validZones()).containsExactly(Zone.MOVABLE);

        assertThatThrownBy(() -> m.memoryOffline(0)).as("not removable in the tree").isInstanceOf(PortException.class)
                .hasMessageContaining("memory0 holds unmovable pages (boot memory the kernel cannot move)");
        m.memoryOffline(5);
        m.memoryRemove(5 * BLOCK, BLOCK);
        assertThat(m.topology().block(5)).isEmpty();
        assertThat(m.memoryAdd(6 * BLOCK, BLOCK, 1)).containsExactly(6);
    }

    @Test
    void sparsePossibleCpusStaySparse() throws Exception {
        List<CpuInfo> cpus = List.of(new CpuInfo(6, -1, -1, true, true, false), new CpuInfo(7, -1, -1, true, true, false),
                new CpuInfo(10, -1, -1, true, true, false));
        SimMachine m = boot(new Topology(List.of(), cpus, 0, List.of(), 1));

        assertThat(m.topology().cpus()).extracting(CpuInfo::id).containsExactly(6, 7, 10);
        assertThatThrownBy(() -> m.cpuOnline(8)).isInstanceOf(PortException.class)
                .hasMessage("cpu8 is not a possible CPU (possible: 6-7,10)");
        assertThatThrownBy(() -> m.cpuRegister(99, 0)).hasMessageContaining("all 3 possible CPUs are present");
    }

    @Test
    void withoutNodesEverythingIsOnNodeZeroAndTheSummarySaysSo() throws Exception {
        Topology tree = new Topology(List.of(), List.of(new CpuInfo(0, -1, -1, true, true, true),
                new CpuInfo(1, -1, -1, true, false, true)), BLOCK,
                List.of(block(0, -1, BlockState.ONLINE, Zone.NORMAL, List.of(Zone.NORMAL), true)), 1);
        TreeMachine t = TreeMachine.of(TREE, tree);

        Topology sim = t.boot().topology();

        assertThat(sim.nodes()).containsExactly(new NodeInfo(0, true));
        assertThat(sim.cpus()).extracting(CpuInfo::node).containsExactly(0, 0);
        assertThat(sim.memory()).extracting(MemoryBlock::node).containsExactly(0);
        assertThat(t.name()).isEqualTo("x86-small");
        assertThat(t.summary()).isEqualTo("2 CPUs (1 online, 2 possible), 1 memory block of 128MiB (1 online), 1 node online; "
                + "no firmware hot-plug slots (a tree has no ACPI namespace); CPUs and memory blocks have no node in the "
                + "tree: they are on node0, as on a kernel without NUMA");
    }

    @Test
    void aTreeWithoutMemoryBlocksHasNoneToAdd() throws Exception {
        TreeMachine t = TreeMachine.of(TREE, new Topology(List.of(new NodeInfo(0, true)),
                List.of(new CpuInfo(0, -1, 0, true, true, false)), 0, List.of(), 1));
        SimMachine m = t.boot();

        assertThat(t.summary()).startsWith("1 CPU (1 online, 1 possible), no memory blocks, 1 node online;");
        assertThatThrownBy(() -> m.memoryAdd(0, BLOCK, 0)).isInstanceOf(PortException.class)
                .satisfies(e -> assertThat(((PortException) e).errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("this machine has no memory blocks (the sysfs tree it was loaded from has no block_size_bytes)");
    }

    @Test
    void treesTheKernelCouldNotHaveMadeAreRefusedInOneLine() {
        Topology offlineNodeWithCpu = new Topology(List.of(new NodeInfo(0, true), new NodeInfo(1, false)),
                List.of(new CpuInfo(0, -1, 0, true, true, false), new CpuInfo(1, -1, 1, true, true, true)), 0, List.of(), 1);
        assertThatThrownBy(() -> TreeMachine.of(TREE, offlineNodeWithCpu)).isInstanceOf(DescriptionException.class)
                .hasMessage("sysfs tree /dumps/x86-small: node1 is offline but holds cpu1: the kernel keeps a node with CPUs "
                        + "or memory online; check node/online in the tree");

        Topology misplacedBlock = new Topology(List.of(), List.of(), BLOCK,
                List.of(new MemoryBlock(3, 4 * BLOCK, BLOCK, 0, BlockState.OFFLINE, Zone.UNSPECIFIED, List.of(), true)), 1);
        assertThatThrownBy(() -> TreeMachine.of(TREE, misplacedBlock))
                .hasMessage("sysfs tree /dumps/x86-small: memory3 covers [0x20000000, 0x28000000), not block 3 of 128MiB "
                        + "(block_size_bytes): the simulator numbers blocks by address; check phys_index and "
                        + "block_size_bytes in the tree");

        Topology oddBlockSize = new Topology(List.of(), List.of(), 3 * BLOCK, List.of(), 1);
        assertThatThrownBy(() -> TreeMachine.of(TREE, oddBlockSize)).hasMessageContaining("is not a power of two");

        Topology hugeCpuId = new Topology(List.of(), List.of(new CpuInfo(9000, -1, 0, true, true, true)), 0, List.of(), 1);
        assertThatThrownBy(() -> TreeMachine.of(TREE, hugeCpuId)).hasMessageContaining("cpu9000 is beyond the simulator's 8192 cpus");
    }
}
