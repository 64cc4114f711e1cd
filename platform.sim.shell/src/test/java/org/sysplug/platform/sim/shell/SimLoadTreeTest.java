package org.sysplug.platform.sim.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.SysfsTopology;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.TestSimulator;

/**
 * {@code sim:load --sysroot DIR} through the command: the tree's machine replaces the running one
 * and the command says what it loaded; without platform.linux, with a broken tree or with a tree
 * the simulator cannot take, one line, exit 1, and the machine stays as it was.
 */
class SimLoadTreeTest {

    /** The trees' block_size_bytes, 128 MiB. */
    private static final long BLOCK = 128L << 20;

    private final TestSimulator sim = TestSimulator.boot("default");
    private final VariablesSession session = new VariablesSession();

    private String load(SysfsTopology sysfs, String... args) {
        SimCommands commands = new SimCommands(sim.control(), null, sysfs, null);
        String sysroot = "";
        List<String> rest = List.of(args);
        if (args.length == 2 && args[0].equals("--sysroot")) {
            sysroot = args[1];
            rest = List.of();
        }
        return commands.load(session.session(), sysroot, rest.toArray(String[]::new));
    }

    private int exit() {
        return session.exit();
    }

    private static SysfsTopology tree(Topology machine) {
        return dir -> machine;
    }

    @Test
    void aTreeReplacesTheMachineAndTheCommandSaysWhatItLoaded() {
        Topology small = new Topology(List.of(new NodeInfo(0, true)), List.of(new CpuInfo(0, -1, 0, true, true, false),
                new CpuInfo(1, -1, 0, true, false, true)), BLOCK, List.of(), 1);

        String out = load(tree(small), "--sysroot", "/dumps/small");

        assertThat(exit()).isZero();
        assertThat(out).isEqualTo("machine small loaded from sysfs tree /dumps/small: 2 CPUs (1 online, 2 possible), "
                + "no memory blocks, 1 node online; no firmware hot-plug slots (a tree has no ACPI namespace)");
        assertThat(sim.topology().cpus()).extracting(CpuInfo::online).containsExactly(true, false);
        assertThat(sim.source()).isEqualTo("sysfs tree /dumps/small");
        assertThat(sim.describe()).isEqualTo("sim: small (sysfs tree /dumps/small)");
        assertThat(load(tree(small), "--sysroot=/dumps/small")).startsWith("machine small loaded");
    }

    @Test
    void withoutPlatformLinuxItSaysWhatToInstallAndChangesNothing() {
        Topology before = sim.topology();

        String out = load(null, "--sysroot", "/dumps/small");

        assertThat(exit()).isEqualTo(1);
        assertThat(out).isEqualTo("sim:load: --sysroot needs the Linux backend's tree reader "
                + "(org.sysplug.platform.SysfsTopology): install and start platform.linux");
        assertThat(sim.topology()).isSameAs(before);
    }

    @Test
    void aBrokenTreeIsOneLineAndChangesNothing() {
        Topology before = sim.topology();
        SysfsTopology broken = dir -> {
            throw new IOException(dir + " holds no sys/devices/system: give the directory a dump unpacks to (the one that contains sys/)");
        };

        String out = load(broken, "--sysroot", "/tmp/empty");

        assertThat(exit()).isEqualTo(1);
        assertThat(out).isEqualTo("sim:load: cannot build a machine from /tmp/empty: /tmp/empty holds no sys/devices/system: "
                + "give the directory a dump unpacks to (the one that contains sys/)");
        assertThat(sim.topology()).isSameAs(before);
        assertThat(sim.source()).isEqualTo("default");
    }

    @Test
    void aTreeTheSimulatorCannotTakeIsOneLineAndChangesNothing() {
        Topology before = sim.topology();
        Topology offlineNodeWithCpu = new Topology(List.of(new NodeInfo(0, false)),
                List.of(new CpuInfo(0, -1, 0, true, true, false)), 0, List.of(), 1);

        String out = load(tree(offlineNodeWithCpu), "--sysroot", "/dumps/odd");

        assertThat(exit()).isEqualTo(1);
        assertThat(out).isEqualTo("sim:load: sysfs tree /dumps/odd: node0 is offline but holds cpu0: the kernel keeps a node "
                + "with CPUs or memory online; check node/online in the tree");
        assertThat(sim.topology()).isSameAs(before);
    }

    @Test
    void aNameAndATreeTogetherOrNeitherIsAUsageError() {
        assertThat(load(null, "default", "server-4node")).startsWith("sim:load: give one machine: a built-in name");
        assertThat(exit()).isEqualTo(2);
        assertThat(new SimCommands(sim.control(), null, null, null).load(session.session(), "/dumps/x", "default"))
                .isEqualTo("sim:load: give either a machine (default) or --sysroot /dumps/x, not both");
        assertThat(exit()).isEqualTo(2);
        assertThat(load(null, "server-4node")).isEqualTo("machine server-4node loaded from server-4node");
        assertThat(exit()).isZero();
    }
}
