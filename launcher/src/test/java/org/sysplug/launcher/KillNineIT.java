package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code sysplug.jar} killed with SIGKILL in the middle of a request, then started
 * again on the same data directory: the request is reported INTERRUPTED with the handler it was
 * in and its devices, {@code sysplug:reconcile} shows them against the machine and mends them, and
 * a file-backed tree is never left with a file that is not a valid sysfs value.
 */
class KillNineIT {

    /** How many random kill points the tree test tries; raise with -Dsysplug.kill.runs=50 for the reliability figures. */
    private static final int TREE_RUNS = Integer.getInteger("sysplug.kill.runs", 5);
    private static final long WAIT_SECONDS = JarRuns.WAIT_SECONDS;

    /** Starts sysplug in the background, output to files, so that it can be killed. */
    private static Process start(Path dir, String... args) throws IOException {
        return new ProcessBuilder(JarRuns.command(args)).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
    }

    private static String journal(Path data) throws IOException {
        Path file = data.resolve("journal/requests.journal");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Waits until the journal holds {@code text}, failing if the process ends first. */
    private static void awaitJournal(Path data, String text, Process p, Path dir) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!journal(data).contains(text)) {
            if (!p.isAlive()) {
                throw new AssertionError("sysplug ended before the journal said '" + text + "': "
                        + Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt")));
            }
            if (System.nanoTime() > end) {
                p.destroyForcibly();
                throw new AssertionError("the journal never said '" + text + "': " + journal(data));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
        assertThat(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 9);
    }

    @Test
    void aRequestKilledInsideAHandlerIsInterruptedAtTheNextStartAndReconcileMendsIt(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path script = dir.resolve("slow.txt");
        Files.writeString(script, "sim:fault --delay 120000 cpu.offline cpu3\nsysplug:offline cpu 3\n");

        Process p = start(dir, "--data", data.toString(), "-f", script.toString());
        awaitJournal(data, "\tcpu.remove\t", p, dir);
        kill(p);

        JarRuns.Run requests = JarRuns.run("--data", data.toString(), "sysplug:requests");
        assertThat(requests.exit()).as(requests.out() + requests.err()).isZero();
        assertThat(requests.out()).contains("INTERRUPTED");
        JarRuns.Run request = JarRuns.run("--data", data.toString(), "sysplug:request", "1");
        assertThat(request.out()).contains("INTERRUPTED").contains("inside cpu.remove").contains("cpu3");
        assertThat(request.out() + request.err()).doesNotContain("Exception");

        // a fresh simulated machine: cpu3 is online again, so the offline is not done
        JarRuns.Run look = JarRuns.run("--data", data.toString(), "sysplug:reconcile", "1");
        assertThat(look.exit()).as(look.out() + look.err()).isZero();
        assertThat(look.out()).containsPattern("cpu3\\s+offline\\s+online\\s+NOT DONE");
        JarRuns.Run retry = JarRuns.run("--data", data.toString(), "sysplug:reconcile", "1", "retry");
        assertThat(retry.exit()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("request 2: OFFLINE cpu3").contains("SUCCEEDED");

        JarRuns.Run history = JarRuns.run("--data", data.toString(), "sysplug:requests");
        assertThat(history.out()).contains("INTERRUPTED").contains("SUCCEEDED");
    }

    /** A writable tree of {@code blocks} memory blocks, block 0 online and the others offline, and two CPUs. */
    private static Path tree(Path root, int blocks) throws IOException {
        return tree(root, blocks, false);
    }

    /** A writable tree of {@code blocks} memory blocks, block 0 online and the others as {@code online} says, and two CPUs. */
    private static Path tree(Path root, int blocks, boolean online) throws IOException {
        Path cpu = Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        Files.writeString(cpu.resolve("possible"), "0-1\n");
        Files.writeString(cpu.resolve("present"), "0-1\n");
        Files.writeString(cpu.resolve("online"), "0-1\n");
        Files.createDirectories(cpu.resolve("cpu0"));
        Files.writeString(Files.createDirectories(cpu.resolve("cpu1")).resolve("online"), "1\n");
        Path memory = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.writeString(memory.resolve("block_size_bytes"), "8000000\n");
        for (int block = 0; block < blocks; block++) {
            Path d = Files.createDirectories(memory.resolve("memory" + block));
            boolean on = block == 0 || online;
            Files.writeString(d.resolve("state"), on ? "online\n" : "offline\n");
            Files.writeString(d.resolve("online"), on ? "1\n" : "0\n");
            Files.writeString(d.resolve("phys_index"), String.format("%08x%n", block));
            Files.writeString(d.resolve("removable"), "1\n");
            Files.writeString(d.resolve("valid_zones"), block == 0 ? "Normal\n" : on ? "Movable\n" : "Movable Normal\n");
        }
        return root;
    }

    @Test
    void aTreeKilledAtRandomPointsOfABulkOnlineIsNeverCorruptAndEveryRunIsReported(@TempDir Path dir) throws Exception {
        Random random = new Random(Long.getLong("sysplug.kill.seed", System.nanoTime()));
        int blocks = 1024;
        int interrupted = 0;
        for (int run = 0; run < TREE_RUNS; run++) {
            Path runDir = Files.createDirectories(dir.resolve("run" + run));
            Path root = tree(runDir.resolve("tree"), blocks);
            Path data = runDir.resolve("data");

            Process p = start(runDir, "--sysroot", root.toString(), "--writable", "--data", data.toString(),
                    "sysplug:online", "memory", "1-" + (blocks - 1));
            awaitJournal(data, "\tmemory.add\t", p, runDir);
            TimeUnit.MILLISECONDS.sleep(random.nextInt(150));
            boolean killed = p.isAlive();
            if (killed) {
                kill(p);
            } else {
                p.waitFor();
            }

            // every file of every block reads as a kernel value, whatever the moment of the kill
            try (Stream<Path> states = Files.list(root.resolve("sys/devices/system/memory"))) {
                for (Path block : states.filter(Files::isDirectory).toList()) {
                    assertThat(Files.readString(block.resolve("state"))).as(block.toString())
                            .isIn("online\n", "offline\n");
                    assertThat(Files.readString(block.resolve("online"))).as(block.toString()).isIn("1\n", "0\n");
                }
            }
            JarRuns.Run after = JarRuns.run("--sysroot", root.toString(), "--data", data.toString(), "sysplug:request", "1");
            assertThat(after.exit()).as(after.out() + after.err()).isZero();
            assertThat(after.out() + after.err()).doesNotContain("Exception");
            if (killed && !after.out().contains("SUCCEEDED")) {
                interrupted++;
                assertThat(after.out()).contains("INTERRUPTED").contains("memory");
                JarRuns.Run look = JarRuns.run("--sysroot", root.toString(), "--data", data.toString(), "sysplug:reconcile", "1");
                assertThat(look.exit()).as(look.out() + look.err()).isZero();
                assertThat(look.out()).contains("DEVICE").contains("INTENDED");
            } else {
                assertThat(after.out()).contains("SUCCEEDED");
            }
        }
        System.out.println("kill -9 of a bulk online on a writable tree: " + TREE_RUNS + " runs, " + interrupted
                + " killed mid-request, 0 corrupt files");
    }

    /** {@code memory3-7}, or {@code memory3} for one block, as the shell compresses names. */
    private static String blocks(long first, long last) {
        return "memory" + first + (last == first ? "" : "-" + last);
    }

    private static long offlineBlocks(Path root) throws IOException {
        try (Stream<Path> blocks = Files.list(root.resolve("sys/devices/system/memory"))) {
            return blocks.filter(Files::isDirectory).filter(b -> {
                try {
                    return Files.readString(b.resolve("state")).equals("offline\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();
        }
    }

    /**
     * An OFFLINE cut short after some blocks went offline: the retry offlines only the blocks still
     * online and succeeds (resubmitting every block failed: offlining an offline block is EINVAL),
     * a second retry has nothing to do, and the failure line names the blocks as a compressed list.
     */
    @Test
    void aRetryOfAnOfflineKilledHalfwayOfflinesTheRestAndSucceeds(@TempDir Path dir) throws Exception {
        int blocks = 256;
        for (int run = 0; run < 10; run++) {
            Path runDir = Files.createDirectories(dir.resolve("run" + run));
            Path root = tree(runDir.resolve("tree"), blocks, true);
            Path data = runDir.resolve("data");
            Process p = start(runDir, "--sysroot", root.toString(), "--writable", "--data", data.toString(),
                    "sysplug:offline", "memory", "1-" + (blocks - 1));
            awaitJournal(data, "\tmemory.remove\t", p, runDir);
            TimeUnit.MILLISECONDS.sleep(20 + run * 10);
            if (!p.isAlive()) {
                continue; // it finished before the kill: try again with another tree
            }
            kill(p);
            long offline = offlineBlocks(root);
            if (offline == 0 || offline == blocks - 1) {
                continue; // killed before the first block or after the last: not the case under test
            }
            JarRuns.Run request = JarRuns.run("--sysroot", root.toString(), "--data", data.toString(), "sysplug:request", "1");
            assertThat(request.out()).contains("INTERRUPTED").contains("it may have left memory1-" + (blocks - 1) + " half-done");

            JarRuns.Run retry = JarRuns.run("--sysroot", root.toString(), "--writable", "--data", data.toString(),
                    "sysplug:reconcile", "1", "retry");
            assertThat(retry.exit()).as(retry.out() + retry.err()).isZero();
            assertThat(retry.out()).contains("reconcile: " + blocks(1, offline) + " already offline; request 1 again for "
                    + blocks(offline + 1, blocks - 1)).contains("SUCCEEDED");
            assertThat(offlineBlocks(root)).isEqualTo(blocks - 1);

            JarRuns.Run again = JarRuns.run("--sysroot", root.toString(), "--writable", "--data", data.toString(),
                    "sysplug:reconcile", "1", "retry");
            assertThat(again.exit()).as(again.out() + again.err()).isZero();
            assertThat(again.out()).contains("every device of request 1 is already offline (memory1-" + (blocks - 1)
                    + "): nothing to submit");
            return;
        }
        throw new AssertionError("in 10 runs no kill fell between the first and the last block going offline");
    }
}
