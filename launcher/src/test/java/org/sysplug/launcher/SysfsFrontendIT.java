package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default simulated machine served as a sysfs tree by the packaged jar ({@code --serve-sysfs}),
 * read and written by the system's own, unmodified util-linux (Debian's lsmem, lscpu and chmem) and
 * by the shell: what they print is what sysplug's own lsmem and lscpu print of the same machine, a
 * write is one request through the queue (origin sysfs), and a refusal reaches the tool as the
 * kernel's errno. Skipped, saying why, on a machine without FUSE or those tools.
 */
class SysfsFrontendIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void fuseAndTools() throws Exception {
        String missing = ServedMachine.missing("lsmem", "lscpu", "chmem", "unshare");
        assumeTrue(missing == null, () -> "the sysfs front-end needs FUSE and util-linux: " + missing);
    }

    @Test
    void lsmemAndLscpuOfTheTreeAreSysplugsOwnAndStayAsTheMachineChanges() throws Exception {
        try (ServedMachine m = ServedMachine.start(dir)) {
            assertSameAsSysplug(m);
            // the machine changes under the tools: a CPU and two blocks go offline through sysplug's own shell
            assertThat(m.sysplug("sysplug:submit offline cpu5 memory40 memory41")).contains("SUCCEEDED");
            assertSameAsSysplug(m);
            assertThat(Files.readString(dir.resolve("sys/devices/system/cpu/offline"))).isEqualTo("5,8-15\n");
            assertThat(Files.readString(dir.resolve("sys/devices/system/memory/memory40/state"))).isEqualTo("offline\n");
            assertThat(m.stop()).isEqualTo(0);
            assertThat(m.mounted()).as("unmounted at exit").isFalse();
        }
    }

    private void assertSameAsSysplug(ServedMachine m) throws Exception {
        String root = dir.toString();
        JarRuns.Run lsmem = ServedMachine.run(dir, "lsmem", "--sysroot", root, "-o", "RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES");
        assertThat(lsmem.exit()).as(lsmem.err()).isEqualTo(0);
        String ours = m.sysplug("sysplug:lsmem -o RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES");
        // every row and value the same, the spacing aside: Debian 12's util-linux 2.38 pads the SIZE
        // column and aligns the summary differently from 2.4x, which sysplug's lsmem follows (it is
        // checked byte for byte against util-linux's own expected outputs)
        assertThat(words(table(lsmem.out()))).isEqualTo(words(table(ours)));
        assertThat(words(summary(lsmem.out()))).isEqualTo(words(summary(ours)));

        for (String option : List.of("-e", "-p", "-e=CPU,NODE,ONLINE", "-p=CPU,NODE")) {
            JarRuns.Run lscpu = ServedMachine.run(dir, "lscpu", "--sysroot", root, option);
            assertThat(lscpu.exit()).as(lscpu.err()).isEqualTo(0);
            assertThat(lscpu.out()).as("lscpu " + option).isEqualTo(m.sysplug("sysplug:lscpu " + option));
        }
        // sysplug's lscpu prints lscpu's hot-plug lines: each of them, as lscpu prints it
        JarRuns.Run lscpu = ServedMachine.run(dir, "lscpu", "--sysroot", root);
        assertThat(lscpu.exit()).as(lscpu.err()).isEqualTo(0);
        List<String> theirs = Arrays.asList(lscpu.out().split("\n"));
        for (String line : m.sysplug("sysplug:lscpu").split("\n")) {
            assertThat(theirs).as("lscpu --sysroot prints sysplug's line").contains(line);
        }
    }

    private static String table(String lsmem) {
        return lsmem.substring(0, lsmem.indexOf("\n\n") + 1);
    }

    private static String summary(String lsmem) {
        return lsmem.substring(lsmem.indexOf("\n\n") + 2);
    }

    /** Each line's words, single-spaced. */
    private static String words(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            sb.append(line.trim().replaceAll("[ \t]+", " ")).append('\n');
        }
        return sb.toString();
    }

    @Test
    void chmemIsOneRequestPerWriteAndThePinnedBlockAndAFaultGiveItTheKernelsErrno() throws Exception {
        try (ServedMachine m = ServedMachine.start(dir)) {
            JarRuns.Run chmem = m.asSys("chmem -d -b 40-43");
            assertThat(chmem.exit()).as(chmem.out() + chmem.err()).isEqualTo(0);
            String requests = m.sysplug("sysplug:requests --json");
            assertThat(count(requests, "\"origin\" *: *\"sysfs\"")).as(requests).isEqualTo(4);
            for (int block = 40; block <= 43; block++) {
                assertThat(Files.readString(dir.resolve("sys/devices/system/memory/memory" + block + "/state"))).isEqualTo("offline\n");
            }
            assertThat(m.sysplug("sysplug:lsmem")).contains("40-43");

            chmem = m.asSys("chmem -e -b 40-43");
            assertThat(chmem.exit()).as(chmem.err()).isEqualTo(0);
            assertThat(count(m.sysplug("sysplug:requests --json"), "\"origin\" *: *\"sysfs\"")).isEqualTo(8);

            // blocks 0-7 hold pages the kernel never moves: the kernel says EBUSY, and chmem says so
            chmem = m.asSys("chmem -d -b 3");
            assertThat(chmem.exit()).isNotEqualTo(0);
            assertThat(chmem.err()).contains("Device or resource busy");
            assertThat(Files.readString(dir.resolve("sys/devices/system/memory/memory3/state"))).isEqualTo("online\n");

            // an injected fault: the request fails, is rolled back, and the tool sees EIO
            assertThat(m.sysplug("sim:fault --errno EIO memory.offline memory50")).doesNotContain("usage").doesNotContain("sim:");
            chmem = m.asSys("chmem -d -b 50");
            assertThat(chmem.exit()).isNotEqualTo(0);
            assertThat(chmem.err()).contains("Input/output error");
            assertThat(Files.readString(dir.resolve("sys/devices/system/memory/memory50/state"))).isEqualTo("online\n");

            assertThat(m.stop()).isEqualTo(0);
        }
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    @Test
    void echoToACpusOnlineFileIsOneRequestAndABadValueChangesNothing() throws Exception {
        try (ServedMachine m = ServedMachine.start(dir)) {
            Path online = dir.resolve("sys/devices/system/cpu/cpu6/online");
            JarRuns.Run echo = ServedMachine.run(dir, "bash", "-c", "echo 0 > " + online);
            assertThat(echo.exit()).as(echo.err()).isEqualTo(0);
            assertThat(Files.readString(online)).isEqualTo("0\n");
            assertThat(m.sysplug("sysplug:lscpu")).contains("Off-line CPU(s) list: 6");
            String requests = m.sysplug("sysplug:requests");
            assertThat(requests).contains("OFFLINE").contains("cpu6");

            // kstrtobool refuses "2": EINVAL, and no request
            echo = ServedMachine.run(dir, "bash", "-c", "echo 2 > " + online);
            assertThat(echo.exit()).isNotEqualTo(0);
            assertThat(echo.err()).contains("Invalid argument");
            assertThat(m.sysplug("sysplug:requests")).isEqualTo(requests);

            // a CPU offline already: the kernel's online_store succeeds without doing anything
            echo = ServedMachine.run(dir, "bash", "-c", "echo 0 > " + online);
            assertThat(echo.exit()).isEqualTo(0);
            assertThat(m.sysplug("sysplug:requests")).isEqualTo(requests);

            // x86's boot CPU has no online file, and a read-only file refuses writes to root too
            assertThat(dir.resolve("sys/devices/system/cpu/cpu0/online")).doesNotExist();
            echo = ServedMachine.run(dir, "bash", "-c", "echo 1 > " + dir.resolve("sys/devices/system/cpu/online"));
            assertThat(echo.err()).contains("Permission denied");

            assertThat(m.sysplug("sim:fault --errno EIO cpu.online cpu6")).doesNotContain("usage").doesNotContain("sim:");
            echo = ServedMachine.run(dir, "bash", "-c", "echo 1 > " + online);
            assertThat(echo.err()).contains("Input/output error");
            assertThat(Files.readString(online)).isEqualTo("0\n");
            assertThat(m.stop()).isEqualTo(0);
        }
    }

    @Test
    void aDisabledHotplugProfileRefusesTheEjectWithEperm() throws Exception {
        try (ServedMachine m = ServedMachine.start(dir)) {
            assertThat(m.sysplug("sim:insert '\\_SB.NOD1'")).doesNotContain("usage").doesNotContain("sim:");
            Path devices = dir.resolve("sys/bus/acpi/devices");
            // the inserted node is hot-added (firmware.acpi hears the notification): wait for its container
            Path node1 = null;
            for (int i = 0; i < 500 && node1 == null; i++) {
                try (var list = Files.list(devices)) {
                    node1 = list.filter(d -> {
                        try {
                            return Files.readString(d.resolve("path")).equals("\\_SB_.NOD1\n");
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    }).findFirst().orElse(null);
                }
                Thread.sleep(20);
            }
            assertThat(node1).as("the inserted container is in bus/acpi/devices").isNotNull();
            assertThat(Files.exists(node1.resolve("eject"))).isTrue();

            Path enabled = dir.resolve("sys/firmware/acpi/hotplug/container/enabled");
            assertThat(ServedMachine.run(dir, "bash", "-c", "echo 0 > " + enabled).exit()).isEqualTo(0);
            assertThat(Files.readString(enabled)).isEqualTo("0\n");
            JarRuns.Run eject = ServedMachine.run(dir, "bash", "-c", "echo 1 > " + node1.resolve("eject"));
            assertThat(eject.err()).contains("Operation not permitted");
            assertThat(Files.exists(node1)).isTrue();

            assertThat(ServedMachine.run(dir, "bash", "-c", "echo 1 > " + enabled).exit()).isEqualTo(0);
            eject = ServedMachine.run(dir, "bash", "-c", "echo 1 > " + node1.resolve("eject"));
            assertThat(eject.exit()).as(eject.err()).isEqualTo(0);
            assertThat(Files.exists(node1)).as("ejected: gone from the tree").isFalse();
            assertThat(m.stop()).isEqualTo(0);
        }
    }

    @Test
    void anotherUserReadsTheTreeButNeitherWritesItNorReadsTheFaultFiles() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the tree is open to other users only when root serves it");
        assumeTrue(ServedMachine.which("setpriv") != null, "setpriv (util-linux) runs a command as another user");
        // the temporary directory is 0700: let the other user reach DIR/sys, as it reaches /sys
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ServedMachine m = ServedMachine.start(dir)) {
            Path online = dir.resolve("sys/devices/system/cpu/cpu3/online");
            Path fault = dir.resolve("sys/kernel/debug/notifier-error-inject/cpu/actions/CPU_UP_PREPARE/error");
            String requests = m.sysplug("sysplug:requests");
            JarRuns.Run nobody = ServedMachine.run(dir, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "bash", "-c", "cat " + online + "; echo 0 > " + online + "; echo -12 > " + fault + "; cat " + fault
                            + "; test -w " + online + " && echo writable; test -r " + online + " && echo readable");
            assertThat(nobody.out()).as("reading a 0644 file; access(2) says the same").isEqualTo("1\nreadable\n");
            assertThat(nobody.err()).contains(online + ": Permission denied").contains(fault + ": Permission denied")
                    .contains("cat: " + fault + ": Permission denied");
            assertThat(m.sysplug("sysplug:requests")).isEqualTo(requests);
            assertThat(Files.readString(online)).isEqualTo("1\n");
            assertThat(Files.readString(fault)).isEqualTo("0\n");
            assertThat(m.stop()).isEqualTo(0);
        }
    }

    /**
     * The kernel may keep a looked-up path for a second (entry_timeout), but asks again for its
     * attributes at every stat and every open (attr_timeout=0): a device that went away is gone at
     * once, however recently its path was walked, and one that came is there at once.
     */
    @Test
    void aDeviceThatCameIsThereAndOneThatWentIsGoneAtOnce() throws Exception {
        try (ServedMachine m = ServedMachine.start(dir)) {
            Path system = dir.resolve("sys/devices/system");
            Path cpu8 = system.resolve("cpu/cpu8");
            Path memory72 = system.resolve("memory/memory72");
            assertThat(cpu8).doesNotExist();
            assertThat(m.sysplug("sim:insert '\\_SB.NOD1'")).doesNotContain("usage").doesNotContain("sim:");
            // firmware.acpi hot-adds the node's CPUs and memory, and the policy onlines them
            for (int i = 0; i < 500 && !(Files.exists(cpu8.resolve("online"))
                    && Files.exists(memory72) && Files.readString(memory72.resolve("state")).equals("online\n")); i++) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(cpu8.resolve("online"))).isEqualTo("1\n");
            assertThat(Files.readString(memory72.resolve("state"))).isEqualTo("online\n");
            Path eject = null;
            try (var devices = Files.list(dir.resolve("sys/bus/acpi/devices"))) {
                for (Path d : devices.toList()) {
                    if (Files.readString(d.resolve("path")).equals("\\_SB_.NOD1\n")) {
                        eject = d.resolve("eject");
                    }
                }
            }
            assertThat(eject).isNotNull();
            // walked just now, then the device goes: nothing of it may be found any more
            assertThat(Files.isDirectory(cpu8)).isTrue();
            assertThat(Files.isDirectory(memory72)).isTrue();
            JarRuns.Run run = ServedMachine.run(dir, "bash", "-c", "echo 1 > " + eject);
            assertThat(run.exit()).as(run.err()).isEqualTo(0);
            assertThat(Files.exists(cpu8)).isFalse();
            assertThat(Files.exists(cpu8.resolve("online"))).isFalse();
            assertThat(Files.exists(memory72)).isFalse();
            assertThat(Files.exists(memory72.resolve("state"))).isFalse();
            JarRuns.Run cat = ServedMachine.run(dir, "cat", memory72.resolve("state").toString());
            assertThat(cat.exit()).isNotEqualTo(0);
            assertThat(cat.err()).contains("No such file or directory");
            assertThat(Files.readString(system.resolve("cpu/present"))).isEqualTo("0-7\n");
            assertThat(m.stop()).isEqualTo(0);
        }
    }

    @Test
    void aMountLeftByKillNineIsRecoveredByTheNextStart() throws Exception {
        ServedMachine first = ServedMachine.start(dir);
        first.process().destroyForcibly();
        first.process().waitFor();
        assertThat(first.mounted()).as("a killed FUSE server leaves its mount").isTrue();
        try (ServedMachine second = ServedMachine.start(dir)) {
            assertThat(Files.readString(dir.resolve("sys/devices/system/cpu/online"))).isEqualTo("0-7\n");
            assertThat(second.stop()).isEqualTo(0);
            assertThat(second.mounted()).isFalse();
        }
    }

    @Test
    void aMountLeftByKillNineIsRecoveredWhenDirIsReachedThroughALink() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        try {
            ServedMachine first = ServedMachine.start(link);
            first.process().destroyForcibly();
            first.process().waitFor();
            assertThat(ServedMachine.mounted(real.resolve("sys"))).as("a killed FUSE server leaves its mount").isTrue();
            try (ServedMachine second = ServedMachine.start(link)) {
                assertThat(Files.readString(link.resolve("sys/devices/system/cpu/online"))).isEqualTo("0-7\n");
                assertThat(second.stop()).isEqualTo(0);
            }
        } finally {
            if (ServedMachine.mounted(real.resolve("sys"))) {
                ServedMachine.run(dir, "fusermount", "-u", "-z", real.resolve("sys").toString());
            }
        }
    }

    @Test
    void aPathWithoutFusermountStillUnmountsAtExit() throws Exception {
        Path served = Files.createDirectory(dir.resolve("served"));
        ProcessBuilder pb = new ProcessBuilder(JarRuns.command("--ephemeral", "--serve-sysfs", served.toString(), "sysplug:status"))
                .directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // as cron or a service may start it: no /usr/bin on PATH (the JVM is started by its absolute path)
        pb.environment().put("PATH", dir.resolve("no-such-bin").toString());
        try {
            Process p = pb.start();
            String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(JarRuns.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(err).contains("serving the machine as a sysfs tree at " + served.resolve("sys"));
            assertThat(ServedMachine.mounted(served.resolve("sys"))).as("unmounted at exit").isFalse();
        } finally {
            if (ServedMachine.mounted(served.resolve("sys"))) {
                ServedMachine.run(dir, "fusermount", "-u", "-z", served.resolve("sys").toString());
            }
        }
    }

    @Test
    void aRefusalLeavesNothingMounted() throws Exception {
        // the tree could be mounted, but DIR/proc/cpuinfo (for lscpu) cannot be written: refused, so not served
        Files.writeString(dir.resolve("proc"), "a file where the proc directory goes");
        try (ServedMachine m = ServedMachine.startSaying("not serving a sysfs tree at " + dir.resolve("sys"), dir)) {
            assertThat(m.err()).contains(dir.resolve("proc/cpuinfo") + ": Not a directory");
            assertThat(m.mounted()).as("said not serving: nothing mounted").isFalse();
            assertThat(m.stop()).isEqualTo(0);
        }
    }

    @Test
    void theRealSysIsNeverCovered() throws Exception {
        // in a mount namespace of its own, so that even a broken check could not cover this machine's /sys
        JarRuns.Run run = ServedMachine.run(dir, concat(List.of("unshare", "--mount"),
                JarRuns.command("--ephemeral", "--serve-sysfs", "/", "sysplug:status")));
        assertThat(run.err()).contains("not serving a sysfs tree at /sys: --serve-sysfs / would mount over the real /sys");
    }

    @Test
    void withoutFusermountSysplugSaysSoAndRunsWithoutTheTree() throws Exception {
        Path fusermount = ServedMachine.which("fusermount3") != null ? ServedMachine.which("fusermount3") : ServedMachine.which("fusermount");
        // hidden in a mount namespace of its own: /dev/null (not executable) bound over the program
        JarRuns.Run run = ServedMachine.run(dir, "unshare", "--mount", "sh", "-c", "mount --bind /dev/null " + fusermount.toRealPath()
                + " && exec " + String.join(" ", JarRuns.command("--ephemeral", "--serve-sysfs", dir.toString(), "sysplug:status")));
        assertThat(run.err()).contains("not serving a sysfs tree at " + dir.resolve("sys")
                + ": fusermount is missing: install FUSE's tools (Debian: apt-get install fuse3)");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("java.");
        assertThat(run.out()).contains("queue:");
        assertThat(run.exit()).isEqualTo(0);
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
