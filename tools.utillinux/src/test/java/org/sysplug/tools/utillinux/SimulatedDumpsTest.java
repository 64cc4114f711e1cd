package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.SysfsTopologyComponent;
import org.sysplug.platform.linux.sysfs.Dumps;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.sim.TestMachine;

/**
 * The simulated machine built from every util-linux dump ({@code sim:load --sysroot}, here
 * through platform.sim's test fixture: platform.sim cannot depend on this module, whose tests
 * depend on its test jar) is the machine the dump describes: the same CPUs online and offline on
 * the same nodes, the same blocks with their state, zones and node, and lsmem on it prints what
 * lsmem prints on the dump. Then hot-plug works on it as on any simulated machine.
 */
@Timeout(120)
class SimulatedDumpsTest {

    static Stream<Arguments> dumps() throws IOException {
        Path base = LsmemConformanceTest.utilLinux().resolve("tests/ts");
        List<Arguments> out = new ArrayList<>();
        for (String dir : List.of("lsmem/dumps", "lscpu/dumps", "chcpu/dumps", "chmem/sysfs-dumps")) {
            Path d = base.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                s.map(Path::toString).filter(n -> n.endsWith(".tar.gz") || n.endsWith(".tar.bz2")).sorted()
                        .forEach(n -> out.add(Arguments.of(Path.of(n).getFileName().toString(), Path.of(n))));
            }
        }
        return out.isEmpty() ? Stream.of(Arguments.of(null, null)) : out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void theSimulatedMachineIsTheDumpsMachineAndHotplugWorksOnIt(String file, Path tarball, @TempDir Path tmp)
            throws Exception {
        assumeTrue(file != null, "no util-linux dumps at " + LsmemConformanceTest.utilLinux().toAbsolutePath());
        String name = file.substring(0, file.indexOf(".tar."));
        Path root = Dumps.unpack(tarball, name, tmp);
        Sysroot tree = Sysroot.of(root);
        Topology dump = new SysfsTopologyComponent().read(root);

        TestMachine sim = TestMachine.fromTree(root, dump);
        Topology machine = sim.topology();

        boolean unplaced = dump.cpus().stream().anyMatch(c -> c.present() && c.node() < 0)
                || dump.memory().stream().anyMatch(b -> b.node() < 0);
        for (CpuInfo c : dump.cpus()) {
            CpuInfo s = machine.cpu(c.id()).orElseThrow();
            assertThat(s.present()).as("cpu%d present", c.id()).isEqualTo(c.present());
            if (c.present()) {
                assertThat(s.online()).as("cpu%d online", c.id()).isEqualTo(c.online());
                assertThat(s.node()).as("cpu%d node", c.id()).isEqualTo(c.node() < 0 ? 0 : c.node());
                assertThat(s.hotpluggable()).as("cpu%d hot-pluggable", c.id()).isEqualTo(c.hotpluggable());
                assertThat(s.apicId()).as("cpu%d APIC id: its logical id", c.id()).isEqualTo(c.id());
            }
        }
        assertThat(machine.cpus()).extracting(CpuInfo::id).containsExactlyElementsOf(ids(dump.cpus()));
        for (NodeInfo n : dump.nodes()) {
            assertThat(machine.node(n.id())).as("node%d", n.id()).contains(n);
        }
        // a node the dump does not list but whose CPUs or memory it shows (node 0 for those it shows no node for) is online
        TreeSet<Integer> holding = new TreeSet<>();
        dump.cpus().stream().filter(CpuInfo::present).forEach(c -> holding.add(Math.max(c.node(), 0)));
        dump.memory().forEach(b -> holding.add(Math.max(b.node(), 0)));
        for (NodeInfo n : machine.nodes()) {
            assertThat(dump.node(n.id()).isPresent() || holding.contains(n.id()) && n.online()).as("node%d", n.id()).isTrue();
        }
        assertThat(machine.nodes()).extracting(NodeInfo::id).containsAll(holding);
        List<MemoryBlock> placed = dump.memory().stream().map(b -> b.node() >= 0 ? b : new MemoryBlock(b.id(), b.start(),
                b.size(), 0, b.state(), b.zone(), b.validZones(), b.removable())).toList();
        assertThat(machine.memory()).isEqualTo(placed);
        assertThat(machine.blockSize()).isEqualTo(dump.blockSize());

        if (!dump.memory().isEmpty()) {
            for (String opts : LsmemConformanceTest.RUNS) {
                List<String> args = Arrays.asList(LsmemConformanceTest.argv(opts));
                assertThat(Lsmem.run(machine, args)).as("lsmem %s", opts).isEqualTo(Lsmem.run(tree, args));
            }
            offlineAndOnlineAgain(sim);
        }
        if (!dump.nodes().isEmpty() && !unplaced && !dump.cpus().isEmpty()) {
            assertThat(Lscpu.run(machine, List.of())).isEqualTo(Lscpu.run(dump, List.of()));
        }
        Optional<CpuInfo> spare = machine.cpus().stream().filter(c -> c.online() && c.hotpluggable()).findFirst();
        if (spare.isPresent() && machine.cpus().stream().filter(CpuInfo::online).count() > 1) {
            int id = spare.get().id();
            sim.cpus().offline(id);
            assertThat(sim.topology().cpu(id).orElseThrow().online()).isFalse();
            sim.cpus().online(id);
            assertThat(sim.topology().cpu(id).orElseThrow().online()).isTrue();
        }
    }

    /** The last online block that is removable goes offline, then online in its old zone, through the MemoryPort. */
    private static void offlineAndOnlineAgain(TestMachine sim) throws Exception {
        List<MemoryBlock> removable = sim.topology().memory().stream().filter(b -> b.online() && b.removable()).toList();
        assertThat(removable).as("a removable online block").isNotEmpty();
        MemoryBlock b = removable.get(removable.size() - 1);

        sim.memory().offline(b.id());
        MemoryBlock off = sim.topology().block(b.id()).orElseThrow();
        assertThat(off.state()).isEqualTo(BlockState.OFFLINE);
        assertThat(off.validZones()).contains(b.zone());
        assertThat(Lsmem.run(sim.topology(), List.of("--summary=only", "-b")).stdout())
                .contains(String.format("%-22s %15d", "Total offline memory:", b.size() + offlineBytes(sim, b.id())));

        sim.memory().online(b.id(), OnlineType.into(b.zone()));
        assertThat(sim.topology().block(b.id()).orElseThrow()).satisfies(on -> {
            assertThat(on.state()).isEqualTo(BlockState.ONLINE);
            assertThat(on.zone()).isEqualTo(b.zone());
        });
    }

    /** The bytes offline besides block {@code except}. */
    private static long offlineBytes(TestMachine sim, int except) {
        return sim.topology().memory().stream().filter(m -> !m.online() && m.id() != except).mapToLong(MemoryBlock::size).sum();
    }

    private static List<Integer> ids(List<CpuInfo> cpus) {
        return cpus.stream().map(CpuInfo::id).toList();
    }
}
