package org.sysplug.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A list of devices that shares structure with its versions reads as the plain list it stands for:
 * after any replacements the new version equals the same replacements done on a copy, and the
 * version it came from is unchanged (a listener may keep any snapshot).
 */
class SortedDevicesProperties {

    private static NodeInfo node(int id, boolean online) {
        return new NodeInfo(id, online);
    }

    @Provide
    Arbitrary<Set<Integer>> ids() {
        return Arbitraries.integers().between(0, 5_000).set().ofMaxSize(3_000);
    }

    @Property(tries = 300)
    void replacingEqualsReplacingInACopyAndLeavesTheOriginalAsItWas(@ForAll("ids") Set<Integer> idSet,
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 1_000_000) Integer> picks) {
        List<NodeInfo> plain = new ArrayList<>();
        for (int id : new TreeSet<>(idSet)) {
            plain.add(node(id, false));
        }
        SortedDevices<NodeInfo> version = SortedDevices.copyOf(plain);
        List<List<NodeInfo>> expected = new ArrayList<>();
        List<SortedDevices<NodeInfo>> versions = new ArrayList<>();
        expected.add(List.copyOf(plain));
        versions.add(version);
        for (int i = 0; i < picks.size() && !plain.isEmpty(); i += 3) {
            // one to three devices at a time, some twice in one call (the last one wins)
            List<NodeInfo> changed = new ArrayList<>();
            for (int j = i; j < Math.min(i + 3, picks.size()); j++) {
                int at = picks.get(j) % plain.size();
                NodeInfo now = node(plain.get(at).id(), !plain.get(at).online());
                plain.set(at, now);
                changed.add(now);
            }
            version = version.replacing(changed);
            expected.add(List.copyOf(plain));
            versions.add(version);
        }
        for (int v = 0; v < versions.size(); v++) {
            assertThat(versions.get(v)).as("version %d", v).isEqualTo(expected.get(v));
            assertThat(versions.get(v).hashCode()).isEqualTo(expected.get(v).hashCode());
        }
        for (NodeInfo n : plain) {
            assertThat(version.find(n.id())).contains(n);
            assertThat(version.get(version.position(n.id()))).isEqualTo(n);
        }
    }

    @Property(tries = 200)
    void positionFindsEveryIdAndOnlyThose(@ForAll("ids") Set<Integer> idSet, @ForAll @IntRange(min = -1, max = 5_001) int probe) {
        List<NodeInfo> plain = new TreeSet<>(idSet).stream().map(id -> node(id, true)).toList();
        SortedDevices<NodeInfo> list = SortedDevices.copyOf(plain);
        assertThat(list.position(probe)).isEqualTo(plain.indexOf(node(probe, true)));
        assertThat(list.find(probe).isPresent()).isEqualTo(idSet.contains(probe));
    }

    @Example
    void aListOfFourLevelsReadsAndReplacesAsAPlainList() {
        // 40,000 devices: three levels of arrays above the leaves (32^3 = 32,768 is one level short)
        List<NodeInfo> plain = new ArrayList<>();
        for (int id = 0; id < 40_000; id++) {
            plain.add(node(3 * id, false));
        }
        SortedDevices<NodeInfo> list = SortedDevices.copyOf(plain);
        List<NodeInfo> changed = new ArrayList<>();
        for (int at : new int[] {0, 31, 32, 1023, 1024, 32_767, 32_768, 39_999}) {
            changed.add(node(3 * at, true));
        }
        SortedDevices<NodeInfo> next = list.replacing(changed);
        List<NodeInfo> expected = new ArrayList<>(plain);
        changed.forEach(n -> expected.set(n.id() / 3, n));
        assertThat(next).isEqualTo(expected);
        assertThat(list).isEqualTo(plain);
        assertThat(next.position(3 * 39_999)).isEqualTo(39_999);
        assertThat(next.position(3 * 39_999 + 1)).isEqualTo(-1);
    }

    @Example
    void aListOutOfOrderOrWithADuplicateIsRefused() {
        assertThatThrownBy(() -> SortedDevices.copyOf(List.of(node(2, true), node(1, true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NodeInfo 2 comes before NodeInfo 1");
        assertThatThrownBy(() -> SortedDevices.copyOf(List.of(node(1, true), node(1, false))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorted by id, each once");
    }

    @Example
    void onlyDevicesTheListHoldsCanBeReplaced() {
        SortedDevices<NodeInfo> list = SortedDevices.copyOf(List.of(node(0, true), node(4, true)));
        assertThatThrownBy(() -> list.replacing(node(2, true))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NodeInfo 2 is not in the list");
        assertThat(list).containsExactly(node(0, true), node(4, true));
    }

    @Example
    void aTopologyTakesTheListsAsTheyAre() {
        SortedDevices<NodeInfo> nodes = SortedDevices.copyOf(List.of(node(0, true)));
        SortedDevices<CpuInfo> cpus = SortedDevices.copyOf(List.of(new CpuInfo(0, 0, 0, true, true, false)));
        SortedDevices<MemoryBlock> memory = SortedDevices.of();
        Topology t = new Topology(nodes, cpus, 1 << 27, memory, 1);
        assertThat(t.nodes()).isSameAs(nodes);
        assertThat(t.cpus()).isSameAs(cpus);
        assertThat(t.memory()).isSameAs(memory);
        assertThat(SortedDevices.copyOf(nodes)).isSameAs(nodes);
    }
}
