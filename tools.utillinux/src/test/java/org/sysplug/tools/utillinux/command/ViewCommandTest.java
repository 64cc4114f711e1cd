package org.sysplug.tools.utillinux.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.SysfsTree;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * {@code sysplug:lsmem} and {@code sysplug:lscpu} on the running machine (here the real simulated
 * one), on a tree with {@code --sysroot}, and with no machine at all.
 */
class ViewCommandTest {

    /** What the shell shows of a run: its exit status and its text. */
    record Printed(int status, String text) {
    }

    private static Printed printed(ToolResult r) {
        return new Printed(r.exitCode(), r.text());
    }

    private final TestMachine sim = TestMachine.boot("default");

    private static Printed lsmem(MachineView machine, String... args) {
        return printed(new LsmemCommand(machine, null).run(List.of(args)));
    }

    private static Printed lscpu(MachineView machine, String... args) {
        return printed(new LscpuCommand(machine, null).run(List.of(args)));
    }

    /**
     * What {@code lsmem --all --raw -n -o RANGE,STATE,REMOVABLE,BLOCK,NODE,ZONES} prints for a
     * machine, worked out here from its topology block by block.
     */
    private static String everyBlock(Topology t) {
        List<String> lines = new ArrayList<>();
        for (MemoryBlock b : t.memory()) {
            String zones = b.validZones().stream().map(z -> z.sysfsName()).collect(Collectors.joining("/"));
            lines.add(String.format("0x%016x-0x%016x %s %s %d %d %s", b.start(), b.end() - 1, b.state().sysfsName(),
                    b.online() ? (b.removable() ? "yes" : "no") : "", b.id(), b.node(), zones));
        }
        return String.join("\n", lines);
    }

    @Test
    void lsmemShowsTheSimulatedMachineAndFollowsItsBlocksOfflineAndOnline() throws Exception {
        String[] all = {"--all", "--raw", "-n", "-o", "RANGE,STATE,REMOVABLE,BLOCK,NODE,ZONES"};
        assertThat(lsmem(sim.view(), all)).isEqualTo(new Printed(0, everyBlock(sim.topology())));
        assertThat(lsmem(sim.view()).text()).endsWith(""
                + "Memory block size:                128M\n"
                + "Total online memory:                8G\n"
                + "Total offline memory:               0B");

        sim.memory().offline(40);

        String offlined = lsmem(sim.view(), all).text();
        assertThat(offlined).isEqualTo(everyBlock(sim.topology()))
                .contains("0x0000000140000000-0x0000000147ffffff offline  40 0 Normal/Movable");
        assertThat(lsmem(sim.view(), "-o", "BLOCK,STATE", "--summary=never").text()).isEqualTo(""
                + "BLOCK   STATE\n"
                + " 0-23  online\n"
                + "32-39  online\n"
                + "   40 offline\n"
                + "41-71  online");
        assertThat(lsmem(sim.view(), "--summary=only").text()).isEqualTo(""
                + "Memory block size:                128M\n"
                + "Total online memory:              7.9G\n"
                + "Total offline memory:             128M");

        sim.memory().online(40, OnlineType.ONLINE_MOVABLE);

        assertThat(lsmem(sim.view(), all).text()).isEqualTo(everyBlock(sim.topology()))
                .contains("0x0000000140000000-0x0000000147ffffff online yes 40 0 Movable");
    }

    @Test
    void lscpuShowsTheSimulatedCpusAndFollowsThemOffline() throws Exception {
        assertThat(lscpu(sim.view()).text()).isEqualTo(""
                + "CPU(s):              8\n"
                + "On-line CPU(s) list: 0-7\n"
                + "NUMA node(s):        1\n"
                + "NUMA node0 CPU(s):   0-7");

        sim.cpus().offline(3);

        assertThat(sim.topology().cpu(3).map(CpuInfo::online)).contains(false);
        assertThat(lscpu(sim.view()).text()).isEqualTo(""
                + "CPU(s):               8\n"
                + "On-line CPU(s) list:  0-2,4-7\n"
                + "Off-line CPU(s) list: 3\n"
                + "NUMA node(s):         1\n"
                + "NUMA node0 CPU(s):    0-2,4-7");
        assertThat(lscpu(sim.view(), "-p=CPU,NODE", "--offline").text()).endsWith("# CPU,Node\n3,");
    }

    @Test
    void withoutABackendTheCommandSaysWhatIsMissingAndExitsOne() {
        Printed p = lsmem(null);
        assertThat(p.status()).isEqualTo(1);
        assertThat(p.text()).isEqualTo("lsmem: no running machine to show: no backend provides "
                + "org.sysplug.platform.MachineView (start platform.sim or the Linux backend); "
                + "or give --sysroot DIR to read a sysfs tree such as an unpacked dump");
        assertThat(lscpu(null).status()).isEqualTo(1);
        assertThat(lscpu(null).text()).startsWith("lscpu: no running machine to show");
    }

    @Test
    void aBackendThatFailsIsOneLineNamingIt() {
        MachineView broken = new MachineView() {
            @Override
            public Topology topology() {
                throw new IllegalStateException("the machine is being replaced");
            }

            @Override
            public String describe() {
                return "sim: default (default)";
            }
        };
        assertThat(lsmem(broken)).isEqualTo(new Printed(1,
                "lsmem: cannot read the running machine (sim: default (default)): the machine is being replaced"));
    }

    @Test
    void aSysrootStillReadsTheTreeWhateverMachineRuns(@TempDir Path root) throws IOException {
        Path b = Files.createDirectories(root.resolve("sys/devices/system/memory/memory0"));
        Files.writeString(root.resolve("sys/devices/system/memory/block_size_bytes"), "8000000\n");
        Files.writeString(b.resolve("state"), "offline\n");

        Printed p = lsmem(sim.view(), "--sysroot", root.toString(), "-o", "BLOCK,STATE");

        assertThat(p).isEqualTo(new Printed(0, ""
                + "BLOCK   STATE\n"
                + "    0 offline\n"
                + "\n"
                + "Memory block size:                128M\n"
                + "Total online memory:                0B\n"
                + "Total offline memory:             128M"));
        assertThat(lsmem(null, "--sysroot=" + root.resolve("nowhere")).text()).startsWith("lsmem: ");
        assertThat(lscpu(sim.view(), "--bogus")).isEqualTo(new Printed(1,
                "lscpu: unrecognized option '--bogus'\nTry 'lscpu --help' for more information."));
    }

    @Test
    void onTheLinuxBackendTheViewReadsItsTreeEveryColumnAndNeverWritesIt(@TempDir Path root) throws IOException {
        Path b = Files.createDirectories(root.resolve("sys/devices/system/memory/memory7"));
        Files.writeString(root.resolve("sys/devices/system/memory/block_size_bytes"), "8000000\n");
        Files.writeString(b.resolve("state"), "online\n");
        Files.writeString(b.resolve("valid_zones"), "Movable\n");
        Sysroot writable = Sysroot.of(root, Sysroot.Access.WRITABLE);
        List<Sysroot> handedOut = new ArrayList<>();
        SysfsTree linux = new SysfsTree() {
            @Override
            public Sysroot sysroot() {
                Sysroot view = writable.readOnly();
                handedOut.add(view);
                return view;
            }

            @Override
            public String describe() {
                return "linux: " + root;
            }
        };

        // the simulator's view is there too (it never is beside the Linux backend): the tree wins
        Printed p = printed(new LsmemCommand(sim.view(), linux).run(List.of("-o", "BLOCK,STATE,ZONES", "--summary=never")));

        assertThat(p).isEqualTo(new Printed(0, ""
                + "BLOCK  STATE   ZONES\n"
                + "    7 online Movable"));
        assertThat(handedOut).singleElement().satisfies(view -> assertThat(view.writable()).isFalse());
    }
}
