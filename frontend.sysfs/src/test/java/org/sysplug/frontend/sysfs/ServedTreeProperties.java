package org.sysplug.frontend.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.tools.utillinux.Lscpu;
import org.sysplug.tools.utillinux.Lsmem;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever state the machine is in, the served tree describes exactly that machine: the Linux
 * backend's reader, reading the tree as it reads a real kernel's, finds the machine's CPUs, nodes
 * and blocks; and util-linux's lsmem and lscpu (sysplug's implementation, which is checked against
 * util-linux's own outputs) print from the tree what they print from the machine.
 */
class ServedTreeProperties {

    /** One change to the machine: a CPU or block offline or online, or memory added on a node. */
    record Change(String what, int id) {
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        Arbitrary<Change> one = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 15).map(id -> new Change("cpu-offline", id)),
                Arbitraries.integers().between(0, 15).map(id -> new Change("cpu-online", id)),
                Arbitraries.integers().between(0, 80).map(id -> new Change("memory-offline", id)),
                Arbitraries.integers().between(0, 80).map(id -> new Change("memory-online-movable", id)),
                Arbitraries.integers().between(0, 80).map(id -> new Change("memory-online", id)),
                Arbitraries.integers().between(0, 3).map(id -> new Change("add-on-node", id)));
        return one.list().ofMaxSize(12);
    }

    @Property(tries = 20)
    void theTreeReadsAsTheMachine(@ForAll("changes") List<Change> changes, @ForAll boolean server) throws Exception {
        TestMachine m = TestMachine.boot(server ? "server-4node" : "default");
        for (Change c : changes) {
            apply(m, c);
        }
        Topology machine = m.topology();
        MachineTree tree = new MachineTree(machineOf(m, Optional.of(m.firmware())), (op, target, parameters, file) -> {
            throw new AssertionError("nothing writes here");
        });
        Path root = Files.createTempDirectory("served-tree");
        try {
            TreeFiles.write(tree, root);
            try (Sysroot sysroot = Sysroot.of(root)) {
                Topology read = new TopologyReader(sysroot).read(0);
                assertThat(read.blockSize()).isEqualTo(machine.blockSize());
                assertThat(read.memory()).isEqualTo(machine.memory());
                assertThat(read.nodes()).isEqualTo(machine.nodes());
                assertThat(read.cpus().stream().map(ServedTreeProperties::asSysfsShowsIt).toList())
                        .isEqualTo(machine.cpus().stream().map(ServedTreeProperties::asSysfsShowsIt).toList());

                for (List<String> args : List.of(List.<String>of(), List.of("-o", "RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES"),
                        List.of("-a"), List.of("-J"), List.of("--summary=only"))) {
                    assertThat(Lsmem.run(sysroot, args).text()).as("lsmem " + args).isEqualTo(Lsmem.run(machine, args).text());
                }
                for (List<String> args : List.of(List.<String>of(), List.of("-e"), List.of("-p"), List.of("-e=CPU,NODE,ONLINE"),
                        List.of("-J"), List.of("-e", "--offline"))) {
                    assertThat(Lscpu.run(sysroot, args).text()).as("lscpu " + args).isEqualTo(Lscpu.run(machine, args).text());
                }
            }
        } finally {
            TreeFiles.delete(root);
        }
    }

    /**
     * A CPU as sysfs tells it: no APIC id (the reader cannot know one); the node of an offline CPU
     * from its link; a CPU that is not present has no directory, so no node.
     */
    private static CpuInfo asSysfsShowsIt(CpuInfo c) {
        return new CpuInfo(c.id(), 0, c.present() ? c.node() : -1, c.present(), c.present() && c.online(),
                c.present() ? c.hotpluggable() : false);
    }

    static MachineTree.Machine machineOf(TestMachine m, Optional<AcpiPort> firmware) {
        return new MachineTree.Machine() {
            @Override
            public Topology topology() {
                return m.topology();
            }

            @Override
            public Optional<AcpiPort> firmware() {
                return firmware;
            }

            @Override
            public Optional<FaultFiles> faults() {
                return Optional.empty();
            }
        };
    }

    private static void apply(TestMachine m, Change c) {
        try {
            switch (c.what()) {
                case "cpu-offline" -> m.cpus().offline(c.id());
                case "cpu-online" -> m.cpus().online(c.id());
                case "memory-offline" -> m.memory().offline(c.id());
                case "memory-online" -> m.memory().online(c.id(), OnlineType.ONLINE);
                case "memory-online-movable" -> m.memory().online(c.id(), OnlineType.ONLINE_MOVABLE);
                case "add-on-node" -> {
                    long size = 2 * m.memory().blockSize();
                    long start = m.topology().memory().get(m.topology().memory().size() - 1).end() + 4 * m.memory().blockSize();
                    if (m.topology().node(c.id()).isPresent()) {
                        m.memory().add(start, size, c.id());
                    }
                }
                default -> throw new IllegalArgumentException(c.what());
            }
        } catch (PortException e) {
            // the machine refused, as a kernel would (a pinned block, the last CPU): it stays as it was
        }
    }
}
