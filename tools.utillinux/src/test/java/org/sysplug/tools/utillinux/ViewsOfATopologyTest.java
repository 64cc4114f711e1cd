package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * lsmem and lscpu on the Topology a dump reads as ({@link TopologyReader}) print what they print
 * on the dump itself: the machine sysplug shows is the machine util-linux shows. lsmem byte for
 * byte for all nine runs of every lsmem dump; lscpu for the summary and the CPU and Node columns
 * of {@code --parse}, with Core and Socket empty (a Topology has no CPU topology, see
 * {@link LscpuInput}).
 */
@Timeout(120)
class ViewsOfATopologyTest {

    /** One unpacked copy per lsmem dump for its nine runs. */
    @TempDir
    static Path shared;
    private static final Map<String, Sysroot> TREES = new TreeMap<>();

    private static synchronized Sysroot tree(String dump) throws Exception {
        Sysroot tree = TREES.get(dump);
        if (tree == null) {
            tree = Sysroot.of(LsmemConformanceTest.unpack(dump, Files.createDirectories(shared.resolve(dump))));
            TREES.put(dump, tree);
        }
        return tree;
    }

    @ParameterizedTest(name = "{0} run {1}: lsmem {2}")
    @MethodSource("org.sysplug.tools.utillinux.LsmemConformanceTest#dumpsAndRuns")
    void lsmemOfTheTopologyIsLsmemOfTheTree(String dump, int run, String opts) throws Exception {
        assumeTrue(dump != null, "no util-linux lsmem dumps at " + LsmemConformanceTest.utilLinux().toAbsolutePath());
        Sysroot tree = tree(dump);
        Topology machine = new TopologyReader(tree).read(1);
        List<String> args = Arrays.asList(LsmemConformanceTest.argv(opts));

        ToolResult fromTree = Lsmem.run(tree, args);
        ToolResult fromMachine = Lsmem.run(machine, args);

        assertThat(fromTree.exitCode()).isZero();
        assertThat(fromMachine).isEqualTo(fromTree);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sysplug.tools.utillinux.LscpuConformanceTest#dumps")
    void lscpuOfTheTopologyIsLscpuOfTheTreeButForCoresSocketsAndCaches(String dump, @TempDir Path tmp) throws Exception {
        assumeTrue(dump != null, "no util-linux lscpu dumps");
        Sysroot tree = Sysroot.of(LscpuConformanceTest.unpack(dump, tmp));
        Topology machine = new TopologyReader(tree).read(1);

        // the summary: the same lines and values; the tree may align them wider for a vulnerability label
        assertThat(blanksSqueezed(Lscpu.run(machine, List.of()).stdout()))
                .isEqualTo(blanksSqueezed(Lscpu.run(tree).stdout()));
        if (new CpuReader(tree).vulnerabilities().isEmpty()) {
            assertThat(Lscpu.run(machine, List.of())).isEqualTo(Lscpu.run(tree));
        }
        for (List<String> args : List.of(List.of("--parse"), List.of("--parse", "--physical"), List.of("-p", "--all"))) {
            // a Topology shows no cpuN/cache: lscpu leaves the cache ids out, their header included
            String unknown = args.contains("--physical") ? "-" : "";
            List<String> want = new ArrayList<>();
            for (String line : Lscpu.run(tree, args).stdout().split("\n")) {
                String[] f = line.split(",", -1);
                if (line.startsWith("# CPU,")) {
                    want.add(String.join(",", f[0], f[1], f[2], f[3]));
                } else {
                    want.add(line.startsWith("#") ? line : String.join(",", f[0], unknown, unknown, f[3]));
                }
            }
            assertThat(Lscpu.run(machine, args).stdout().split("\n")).as("lscpu %s", args).containsExactlyElementsOf(want);
        }
    }

    // --- what the Topology's sysfs would show, on small machines -------------------------------

    private static Topology machine(List<NodeInfo> nodes, List<CpuInfo> cpus, List<MemoryBlock> memory) {
        return new Topology(nodes, cpus, 128L << 20, memory, 1);
    }

    private static MemoryBlock block(int id, BlockState state, Zone zone, List<Zone> valid, boolean removable) {
        return new MemoryBlock(id, (long) id << 27, 128L << 20, 0, state, zone, valid, removable);
    }

    @Test
    void anOnlineBlockInNoSingleZoneIsNoneAndGoingOfflineIsOnToOff() {
        Topology t = machine(List.of(new NodeInfo(0, true)), List.of(), List.of(
                block(0, BlockState.ONLINE, Zone.NORMAL, List.of(), false),
                block(1, BlockState.ONLINE, Zone.NORMAL, List.of(Zone.NORMAL), true),
                block(2, BlockState.GOING_OFFLINE, Zone.MOVABLE, List.of(Zone.MOVABLE), true),
                block(3, BlockState.OFFLINE, Zone.UNSPECIFIED, List.of(Zone.MOVABLE, Zone.NORMAL), true)));

        ToolResult r = Lsmem.run(t, List.of("--output-all"));

        assertThat(r.stdout()).isEqualTo(""
                + "RANGE                                 SIZE   STATE REMOVABLE BLOCK NODE          ZONES\n"
                + "0x0000000000000000-0x0000000007ffffff 128M  online        no     0    0           None\n"
                + "0x0000000008000000-0x000000000fffffff 128M  online       yes     1    0         Normal\n"
                + "0x0000000010000000-0x0000000017ffffff 128M on->off               2    0        Movable\n"
                + "0x0000000018000000-0x000000001fffffff 128M offline               3    0 Movable/Normal\n"
                + "\n"
                + "Memory block size:                128M\n"
                + "Total online memory:              256M\n"
                + "Total offline memory:             256M\n");
    }

    @Test
    void zonesAreEmptyWhenTheMachineListsNoneAndAMachineWithoutBlocksSaysSoAsLsmem() {
        Topology noZones = machine(List.of(), List.of(), List.of(
                block(0, BlockState.ONLINE, Zone.NORMAL, List.of(), true)));
        assertThat(Lsmem.run(noZones, List.of("-o", "BLOCK,ZONES", "-n", "--summary=never")).stdout()).isEqualTo("0 \n");

        assertThat(Lsmem.run(machine(List.of(), List.of(), List.of()), List.of())).isEqualTo(
                new ToolResult("", "lsmem: Failed to read /sys/devices/system/memory\n", 1));
        assertThat(Lsmem.run(new Topology(List.of(), List.of(), 0, List.of(), 1), List.of())).isEqualTo(
                new ToolResult("", "lsmem: This system does not support memory blocks\n", 1));
        assertThat(Lsmem.run(noZones, List.of("--bogus")).stderr()).startsWith("lsmem: unrecognized option '--bogus'");
    }

    @Test
    void offlineCpusLeaveTheirNodesListsAsOnX86AndCoresAndSocketsStayUnknown() {
        Topology t = machine(List.of(new NodeInfo(0, true), new NodeInfo(1, true), new NodeInfo(2, false)), List.of(
                new CpuInfo(0, 0, 0, true, true, false),
                new CpuInfo(1, 1, 0, true, false, true),
                new CpuInfo(2, 2, 1, true, true, true),
                new CpuInfo(3, 3, 1, true, true, true),
                new CpuInfo(4, -1, -1, false, false, true)), List.of());

        assertThat(Lscpu.run(t, List.of()).stdout()).isEqualTo(""
                + "CPU(s):               4\n"
                + "On-line CPU(s) list:  0,2,3\n"
                + "Off-line CPU(s) list: 1\n"
                + "NUMA node(s):         2\n"
                + "NUMA node0 CPU(s):    0\n"
                + "NUMA node1 CPU(s):    2,3\n");
        assertThat(Lscpu.run(t, List.of("-p", "--all")).stdout()).endsWith(""
                + "# CPU,Core,Socket,Node\n"
                + "0,,,0\n"
                + "1,,,\n"
                + "2,,,1\n"
                + "3,,,1\n");
        assertThat(Lscpu.run(t, List.of("-p=CPU,SOCKET", "--physical")).stdout()).endsWith("# CPU,Socket\n0,-\n2,-\n3,-\n");
        assertThat(Lscpu.run(machine(List.of(), List.of(), List.of()), List.of())).isEqualTo(new ToolResult("",
                "lscpu: failed to determine number of CPUs: /sys/devices/system/cpu/possible\n", 1));
    }

    private static String blanksSqueezed(String s) {
        return s.replaceAll(" +", " ");
    }
}
