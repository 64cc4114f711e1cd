package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel-selftest-style scripts of {@code frontend.sysfs/selftests} run against the machine the
 * packaged {@code sysplug.jar} serves through FUSE ({@code run.sh}): every hot-pluggable CPU and a
 * share of the hot-removable memory blocks taken offline and online again, the same writes failing
 * under an injected notifier error, unmovable blocks refusing with EBUSY, and the mount gone once
 * sysplug ends. Skipped where FUSE cannot run: no /dev/fuse, no fusermount or no libfuse.so.2 (the
 * library jnr-fuse loads). The scripts are also run against a plain directory shaped like sysfs,
 * which takes every write and answers none the way the kernel does, to show that they fail.
 */
class SysfsSelftestsIT {

    /** The whole run: sysplug's start, about 200 writes each waiting for its request, and the stop. */
    private static final long RUN_SECONDS = 300;

    private static final Path SELFTESTS = Path.of(System.getProperty("sysplug.selftests"));

    record Script(int exit, String output) {
    }

    /** Runs a script of the selftests folder with bash, stdout and stderr together, in {@code cwd}. */
    private static Script bash(Path cwd, Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SELFTESTS.resolve(script).toString()));
        command.addAll(List.of(args));
        Path output = cwd.resolve(script + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(script + " did not end in " + RUN_SECONDS + " s: " + Files.readString(output));
        }
        return new Script(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        return ServedMachine.which(program) != null;
    }

    /** The "NAME: N passed, F failed, S skipped" line a script ends with. */
    private static void passedAll(String output, String name, int atLeast) {
        var m = Pattern.compile("(?m)^" + name + ": (\\d+) passed, (\\d+) failed, (\\d+) skipped$").matcher(output);
        assertThat(m.find()).as(name + "'s summary line in:\n" + output).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as(name + " passed").isGreaterThanOrEqualTo(atLeast);
        assertThat(m.group(2)).as(name + " failed").isEqualTo("0");
        assertThat(m.group(3)).as(name + " skipped").isEqualTo("0");
    }

    @Test
    void theCpuAndMemorySelftestsPassAgainstTheServedMachine(@TempDir Path dir) throws Exception {
        String missing = ServedMachine.missing();
        assumeTrue(missing == null, () -> "the served machine needs FUSE: " + missing);

        Script run = bash(dir, Map.of("JAVA", JarRuns.command().get(0), "TMPDIR", dir.toString()), "run.sh",
                System.getProperty("sysplug.jar"));

        String out = run.output();
        assertThat(run.exit()).as(out).isZero();
        assertThat(out).doesNotContain("FAIL").doesNotContain("SKIP").contains("run.sh: PASSED");
        // 7 hot-pluggable CPUs: on/off, all off, refused under both errors, all on, on/off again
        passedAll(out, "cpu-on-off-test", 48);
        passedAll(out, "mem-on-off-test", 40);
        assertThat(out).contains("PASS: sysplug serves the machine at ", "PASS: offline cpu7 (cpu7/online reads 0)",
                "PASS: online cpu1 refused with CPU_UP_PREPARE=-12: ", "PASS: offline cpu1 refused with CPU_DOWN_PREPARE=-12: ",
                "PASS: offline memory0 refused with unmovable pages: Device or resource busy (state still online)",
                "PASS: offline memory7 refused with unmovable pages: Device or resource busy",
                "PASS: set MEM_GOING_ONLINE error to -12", "PASS: set MEM_GOING_OFFLINE error to 0",
                "PASS: sysplug exited 0 at the end of its input");
        assertThat(out).containsPattern("PASS: online memory\\d+ refused with MEM_GOING_ONLINE=-12: ")
                .containsPattern("PASS: offline memory\\d+ refused with MEM_GOING_OFFLINE=-12: ")
                .containsPattern("PASS: /\\S+/sys is unmounted");
        // run.sh made its temporary directory below TMPDIR and removed it once unmounted
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("run.sh.out");
        }
    }

    /** A plain directory shaped like the default machine's sysfs: its files take any write. */
    private static Path plainTree(Path root) throws IOException {
        Path cpu = Files.createDirectories(root.resolve("devices/system/cpu"));
        Files.writeString(cpu.resolve("online"), "0-3\n");
        Files.writeString(cpu.resolve("offline"), "\n");
        Files.writeString(cpu.resolve("present"), "0-3\n");
        Files.createDirectories(cpu.resolve("cpu0"));
        for (int n = 1; n < 4; n++) {
            Files.writeString(Files.createDirectories(cpu.resolve("cpu" + n)).resolve("online"), "1\n");
        }
        Path memory = Files.createDirectories(root.resolve("devices/system/memory"));
        Files.writeString(memory.resolve("block_size_bytes"), "8000000\n");
        for (int n = 0; n < 8; n++) {
            Path block = Files.createDirectories(memory.resolve("memory" + n));
            Files.writeString(block.resolve("state"), "online\n");
            Files.writeString(block.resolve("online"), "1\n");
            Files.writeString(block.resolve("removable"), n < 2 ? "0\n" : "1\n");
        }
        for (String action : List.of("cpu/actions/CPU_UP_PREPARE", "cpu/actions/CPU_DOWN_PREPARE",
                "memory/actions/MEM_GOING_ONLINE", "memory/actions/MEM_GOING_OFFLINE")) {
            Path d = Files.createDirectories(root.resolve("kernel/debug/notifier-error-inject/" + action));
            Files.writeString(d.resolve("error"), "0\n");
        }
        return root;
    }

    @Test
    void theScriptsFailAgainstATreeThatTakesEveryWriteAndAnswersNone(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("bash") && onPath("timeout"), "bash or timeout(1) is not installed");
        Path sys = plainTree(dir.resolve("sys"));

        Script cpu = bash(dir, Map.of(), "cpu-on-off-test.sh", "-F", "-s", sys.toString());
        assertThat(cpu.exit()).as(cpu.output()).isEqualTo(1);
        // cpu/online never changes, and an injected error stops nothing
        assertThat(cpu.output()).contains("FAIL: offline cpu1: cpu/online (0-3) still lists it",
                "FAIL: offline cpu1 with CPU_DOWN_PREPARE=-12: the write succeeded, it must fail")
                .containsPattern("(?m)^cpu-on-off-test: \\d+ passed, [1-9]\\d* failed");

        Script memory = bash(dir, Map.of(), "mem-on-off-test.sh", "-F", "-r", "100", "-s", sys.toString());
        assertThat(memory.exit()).as(memory.output()).isEqualTo(1);
        assertThat(memory.output()).contains(
                "FAIL: offline memory0 with unmovable pages: the write succeeded, it must fail",
                "FAIL: offline memory2: memory2/state reads offline but memory2/online reads '1'",
                "FAIL: offline memory2 again through state: succeeded, the kernel answers EINVAL")
                .containsPattern("(?m)^mem-on-off-test: \\d+ passed, [1-9]\\d* failed");
    }
}
