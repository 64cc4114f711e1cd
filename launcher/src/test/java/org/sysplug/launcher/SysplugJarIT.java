package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code sysplug.jar}, run in a child JVM exactly as the README tells an operator
 * to run it.
 */
class SysplugJarIT {

    private static JarRuns.Run run(String... args) throws IOException, InterruptedException {
        return JarRuns.run(args);
    }

    @Test
    void theDemoScriptInsertsTheSlotShowsTheMachineAndEjectsItAgain() throws Exception {
        JarRuns.Run r = run("-f", Path.of(System.getProperty("sysplug.demo"), "hotplug-node.txt").toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("request 1: HOT_ADD \\_SB.NOD1\nstatus:  SUCCEEDED");
        assertThat(r.out()).contains("HOT_REMOVE \\_SB.NOD1\nstatus:  SUCCEEDED");
        assertThat(r.out()).containsPattern("\"nodes\":\\[\\{\"id\":0,\"online\":true\\},\\{\"id\":1,\"online\":true\\}\\]");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void logAloneIsTheOsgiLogInAOneShotRunAsAtThePrompt() throws Exception {
        JarRuns.Run r = run("log", "5", "info");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out().strip().lines()).isNotEmpty().hasSizeLessThanOrEqualTo(5)
                .allMatch(l -> l.matches("[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} (INFO|WARN|ERROR) +\\S+: .*"), "log lines");
        assertThat(r.out() + r.err()).doesNotContain("Cannot coerce").doesNotContain("Exception");
    }

    @Test
    void topologyJsonOfTheDefaultMachine() throws Exception {
        JarRuns.Run r = run("sysplug:topology", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith("{").endsWith("}");
        assertThat(r.out()).contains("\"cpus\":[{\"id\":0,\"node\":0,\"apicId\":0,\"present\":true,\"online\":true,\"hotpluggable\":false}");
    }

    @Test
    void aBrokenMachineFileGivesOneClearLineAndExitOne(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "name: broken\nblock-size: 100M\nfirmware: []\n");

        JarRuns.Run r = run("sim:load", broken.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().strip().lines()).singleElement().asString().startsWith("sim:load: " + broken + ":2:");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void lsmemReadsASysfsTreeBelowASysroot(@TempDir Path root) throws Exception {
        Path memory = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.writeString(memory.resolve("block_size_bytes"), "8000000\n");
        for (int block = 0; block < 2; block++) {
            Path dir = Files.createDirectories(memory.resolve("memory" + block));
            Files.writeString(dir.resolve("state"), "online\n");
            Files.writeString(dir.resolve("removable"), "1\n");
            Files.writeString(dir.resolve("phys_index"), String.format("%08x%n", block));
            Files.writeString(dir.resolve("valid_zones"), "Normal\n");
        }

        JarRuns.Run r = run("sysplug:lsmem", "--sysroot", root.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("0x0000000000000000-0x000000000fffffff").contains("Total online memory:");
        JarRuns.Run running = run("sysplug:lsmem");
        assertThat(running.exit()).as("without a sysroot it shows the running machine: " + running.out() + running.err()).isZero();
        assertThat(running.out()).contains("Total online memory:                8G"); // the default simulated machine

        Path cpu = Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        Files.writeString(cpu.resolve("possible"), "0-1\n");
        Files.writeString(cpu.resolve("present"), "0-1\n");
        Files.writeString(cpu.resolve("online"), "0-1\n");
        Files.createDirectories(cpu.resolve("cpu0"));
        Files.createDirectories(cpu.resolve("cpu1"));
        JarRuns.Run lscpu = run("sysplug:lscpu", "--sysroot", root.toString());
        assertThat(lscpu.exit()).as(lscpu.out() + lscpu.err()).isZero();
        assertThat(lscpu.out()).contains("CPU(s):").contains("On-line CPU(s) list:").contains("0,1");
    }

    /**
     * A writable tree with a mount on the way to its devices (here a tmpfs of the test's own, never
     * the host's /sys) is refused in one line before anything starts; read-only, it is read through.
     */
    @Test
    void aWritableTreeWithAMountBelowSysIsRefusedInOneLine(@TempDir Path root) throws Exception {
        Path system = Files.createDirectories(root.resolve("sys/devices/system"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "sysplug-test", system.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes()).strip();
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0,
                "cannot mount here (needs root and CAP_SYS_ADMIN): " + said);
        try {
            Path block = Files.createDirectories(system.resolve("memory/memory0"));
            Files.writeString(block.getParent().resolve("block_size_bytes"), "8000000\n");
            Files.writeString(block.resolve("state"), "online\n");
            Files.writeString(block.resolve("phys_index"), "00000000\n");
            Files.writeString(block.resolve("valid_zones"), "Normal\n");

            JarRuns.Run refused = run("--sysroot", root.toString(), "--writable", "sysplug:offline", "memory", "0");
            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
            assertThat(refused.err().strip().lines()).as(refused.err()).singleElement().asString()
                    .startsWith("sysplug: --writable --sysroot " + root + ": sys/devices/system is a mount point (tmpfs,")
                    .contains("never through a mount").doesNotContain("Exception");
            assertThat(Files.readString(block.resolve("state"))).isEqualTo("online\n");

            JarRuns.Run read = run("--sysroot", root.toString(), "sysplug:lsmem");
            assertThat(read.exit()).as(read.out() + read.err()).isZero();
            assertThat(read.out()).contains("Total online memory:");
        } finally {
            assertThat(new ProcessBuilder("umount", system.toString()).start().waitFor()).isZero();
        }
    }

    @Test
    void aRefusedOfflineExitsOneAndSaysWhy() throws Exception {
        JarRuns.Run r = run("sysplug:offline", "cpu", "0");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("cpu0").contains("EPERM");
    }

    /** A guest tree after a hot-add: cpu0 (no online file) and cpu1 offline, two offline blocks that may go Movable. */
    private static Path guest(Path root) throws IOException {
        Path cpu = Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        Files.writeString(cpu.resolve("possible"), "0-1\n");
        Files.writeString(cpu.resolve("online"), "0\n");
        Files.createDirectories(cpu.resolve("cpu0"));
        Files.writeString(Files.createDirectories(cpu.resolve("cpu1")).resolve("online"), "0\n");
        Path memory = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.writeString(memory.resolve("block_size_bytes"), "8000000\n");
        for (int block = 0; block < 2; block++) {
            Path dir = Files.createDirectories(memory.resolve("memory" + block));
            Files.writeString(dir.resolve("state"), "offline\n");
            Files.writeString(dir.resolve("phys_index"), String.format("%08x%n", block));
            Files.writeString(dir.resolve("valid_zones"), "Movable Normal\n");
        }
        return root;
    }

    @Test
    void onTheLinuxBackendAWritableTreeChangesAndAReadOnlyOneDoesNot(@TempDir Path dir) throws Exception {
        Path root = guest(dir.resolve("guest"));
        Path state = root.resolve("sys/devices/system/memory/memory1/state");

        JarRuns.Run refused = run("--sysroot", root.toString(), "sysplug:online", "memory", "1");
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.out()).contains("read-only sysroot").contains("--writable");
        assertThat(refused.out() + refused.err()).doesNotContain("Exception");
        assertThat(Files.readString(state)).isEqualTo("offline\n");

        JarRuns.Run done = run("--sysroot", root.toString(), "--writable", "sysplug:online", "memory", "1");
        assertThat(done.exit()).as(done.out() + done.err()).isZero();
        assertThat(Files.readString(state)).isEqualTo("online\n"); // as a kernel shows it, whatever type onlined it
        assertThat(Files.readString(state.resolveSibling("valid_zones"))).isEqualTo("Movable\n");
        assertThat(done.err()).doesNotContain("LIVE");

        JarRuns.Run topology = run("--sysroot", root.toString(), "sysplug:topology");
        assertThat(topology.out()).contains("linux: " + root);
    }

    @Test
    void argumentsACommandCannotTakeAreItsUsageWithoutJavaText() throws Exception {
        for (List<String> line : List.of(List.of("sysplug:request", "abc"), List.of("sysplug:cancel"),
                List.of("sysplug:topology", "--foo"))) {
            JarRuns.Run r = run(line.toArray(String[]::new));
            assertThat(r.exit()).as(line + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(String.valueOf(line)).startsWith("sysplug: usage: " + line.get(0))
                    .endsWith("'help " + line.get(0) + "' explains it");
            assertThat(r.out() + r.err()).doesNotContain("coerce").doesNotContain("java.").doesNotContain("Token");
        }
    }

    @Test
    void aSysrootThatIsNoTreeIsAUsageErrorInOneLine(@TempDir Path dir) throws Exception {
        JarRuns.Run missing = run("--sysroot", dir.resolve("absent").toString(), "sysplug:topology");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip().lines()).first().asString().contains("no such directory");
        JarRuns.Run empty = run("--sysroot", dir.toString(), "sysplug:topology");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("holds no sys/devices/system");
        Path real = Files.createDirectories(dir.resolve("real/sys/devices/system/memory"));
        Path linked = Files.createDirectories(dir.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("sys"), real.getParent().getParent().getParent());
        JarRuns.Run link = run("--sysroot", linked.toString(), "lsmem");
        assertThat(link.exit()).as(link.err()).isEqualTo(2);
        assertThat(link.err().strip().lines()).as(link.err()).hasSize(1).first().asString()
                .contains("sys is a symbolic link").contains("--sysroot " + dir.resolve("real").toRealPath());
        JarRuns.Run both = run("--live", "--sysroot", dir.toString(), "sysplug:topology");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
    }
}
