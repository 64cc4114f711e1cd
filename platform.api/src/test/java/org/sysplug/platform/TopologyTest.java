package org.sysplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Zone;
import org.sysplug.platform.acpi.Sta;

class TopologyTest {

    private static final long MIB = 1 << 20;

    private static MemoryBlock block(int id, int node, BlockState state) {
        return new MemoryBlock(id, id * 128 * MIB, 128 * MIB, node, state,
                state == BlockState.ONLINE ? Zone.MOVABLE : Zone.UNSPECIFIED, List.of(Zone.MOVABLE), true);
    }

    private final Topology topology = new Topology(List.of(new NodeInfo(0, true), new NodeInfo(1, false)),
            List.of(new CpuInfo(0, 0, 0, true, true, false), new CpuInfo(1, -1, -1, false, false, true)),
            128 * MIB, List.of(block(0, 0, BlockState.ONLINE), block(1, 0, BlockState.ONLINE),
                    block(8, 1, BlockState.OFFLINE)), 1);

    @Test
    void blocksOfARangeAreThoseThatOverlapIt() {
        assertThat(topology.blocks(0, 128 * MIB)).extracting(MemoryBlock::id).containsExactly(0);
        assertThat(topology.blocks(64 * MIB, 128 * MIB)).extracting(MemoryBlock::id).containsExactly(0, 1);
        assertThat(topology.blocks(256 * MIB, 768 * MIB)).isEmpty();
        assertThat(topology.blocks(1024 * MIB, 128 * MIB)).extracting(MemoryBlock::id).containsExactly(8);
    }

    @Test
    void blocksAreFoundByIdAndMustBeSorted() {
        assertThat(topology.block(0)).hasValueSatisfying(b -> assertThat(b.id()).isZero());
        assertThat(topology.block(8)).hasValueSatisfying(b -> assertThat(b.node()).isEqualTo(1));
        assertThat(topology.block(2)).isEmpty();
        assertThat(topology.block(9)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Topology(List.of(), List.of(), 128 * MIB,
                List.of(block(8, 1, BlockState.OFFLINE), block(0, 0, BlockState.ONLINE)), 1))
                .hasMessageContaining("sorted");
    }

    @Test
    void cpusAndNodesAreFoundByIdInAnyOrderGiven() {
        Topology t = new Topology(List.of(new NodeInfo(3, true), new NodeInfo(0, true)),
                List.of(new CpuInfo(10, -1, 3, true, true, true), new CpuInfo(2, -1, 0, true, true, true),
                        new CpuInfo(7, -1, 0, true, false, true)), 128 * MIB, List.of(), 1);
        org.assertj.core.api.Assertions.assertThat(t.cpus()).extracting(CpuInfo::id).containsExactly(2, 7, 10);
        org.assertj.core.api.Assertions.assertThat(t.nodes()).extracting(NodeInfo::id).containsExactly(0, 3);
        for (int id : new int[] { 2, 7, 10 }) {
            org.assertj.core.api.Assertions.assertThat(t.cpu(id)).map(CpuInfo::id).contains(id);
        }
        org.assertj.core.api.Assertions.assertThat(t.cpu(3)).isEmpty();
        org.assertj.core.api.Assertions.assertThat(t.cpu(11)).isEmpty();
        org.assertj.core.api.Assertions.assertThat(t.node(3)).map(NodeInfo::online).contains(true);
        org.assertj.core.api.Assertions.assertThat(t.node(1)).isEmpty();
    }

    @Test
    void perNodeViewsCountOnlyPresentCpus() {
        assertThat(topology.cpusOf(0)).extracting(CpuInfo::id).containsExactly(0);
        assertThat(topology.memoryOf(1)).extracting(MemoryBlock::id).containsExactly(8);
        assertThat(topology.cpu(1)).hasValueSatisfying(c -> assertThat(c.present()).isFalse());
        assertThat(topology.node(2)).isEmpty();
    }

    @Test
    void onlineTypesMapToTheKernelStrings() {
        assertThat(OnlineType.into(Zone.MOVABLE).sysfsName()).isEqualTo("online_movable");
        assertThat(OnlineType.into(Zone.NORMAL).sysfsName()).isEqualTo("online_kernel");
        assertThat(OnlineType.into(Zone.UNSPECIFIED).sysfsName()).isEqualTo("online");
    }

    @Test
    void portExceptionsAreHotplugExceptionsWithTheErrnoAsCode() {
        PortException e = new PortException(Errno.EBUSY, "memory32", "block holds unmovable pages");
        assertThat(e.code()).isEqualTo("EBUSY");
        assertThat(e.describe()).isEqualTo("memory32: block holds unmovable pages (EBUSY)");
    }

    @Test
    void staBits() {
        assertThat(Sta.present(Sta.PRESENT_AND_WORKING)).isTrue();
        assertThat(Sta.enabled(Sta.PRESENT)).isFalse();
        assertThat(Sta.PRESENT_AND_WORKING).isEqualTo(0xF);
    }
}
