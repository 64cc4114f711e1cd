package org.sysplug.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged sysplug.jar serving its machine at {@code DIR/sys} ({@code --serve-sysfs DIR}), its
 * prompt driven through standard input so that a test can run sysplug's own commands on the same
 * machine the tree shows, and the tools of the system (lsmem, lscpu, chmem) on the tree.
 */
final class ServedMachine implements AutoCloseable {

    private final Path dir;
    private final Process process;
    private final OutputStream stdin;
    private int marks;

    private ServedMachine(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /** Whether this machine can run a FUSE file system and the tools the tests use, and if not why. */
    static String missing(String... tools) throws IOException, InterruptedException {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return "no /dev/fuse";
        }
        List<String> needed = new ArrayList<>(List.of("fusermount"));
        needed.addAll(List.of(tools));
        for (String tool : needed) {
            if (which(tool) == null) {
                return tool + " is not installed";
            }
        }
        if (!libfuse2()) {
            return "libfuse.so.2 is not installed (Debian: libfuse2)";
        }
        return null;
    }

    /** Whether the dynamic linker finds libfuse.so.2, as jnr-fuse asks it to. */
    private static boolean libfuse2() throws IOException, InterruptedException {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (Files.isExecutable(Path.of(ldconfig))) {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String cache = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                return cache.contains("libfuse.so.2 ");
            }
        }
        return List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64", "/lib").stream()
                .anyMatch(d -> Files.exists(Path.of(d, "libfuse.so.2")));
    }

    static Path which(String tool) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool);
            }
        }
        return null;
    }

    /** Starts sysplug serving at {@code dir/sys} and returns once it says it serves (or fails the test). */
    static ServedMachine start(Path dir, String... more) throws Exception {
        return startSaying("serving the machine as a sysfs tree at " + dir.resolve("sys"), dir, more);
    }

    /** Starts sysplug with {@code --serve-sysfs dir} and returns once its console says {@code text} (or fails the test). */
    static ServedMachine startSaying(String text, Path dir, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--ephemeral", "--serve-sysfs", dir.toString()));
        args.addAll(List.of(more));
        Process p = new ProcessBuilder(JarRuns.command(args.toArray(String[]::new))).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        ServedMachine m = new ServedMachine(dir, p);
        m.awaitErr(text);
        m.sysplug("echo"); // past the prompt's greeting
        return m;
    }

    Path dir() {
        return dir;
    }

    Process process() {
        return process;
    }

    String err() throws IOException {
        return Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    private String out() throws IOException {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    void awaitErr(String text) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(JarRuns.WAIT_SECONDS);
        while (!err().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > end) {
                process.destroyForcibly();
                throw new AssertionError("sysplug never said '" + text + "': " + err() + out());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Runs one line at sysplug's prompt and returns what it printed, prompts taken out. */
    String sysplug(String line) throws Exception {
        String before = out();
        String mark = "@@mark" + (++marks) + "@@";
        stdin.write((line + "\necho " + mark + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(JarRuns.WAIT_SECONDS);
        String now;
        while (!(now = out()).substring(before.length()).contains(mark + "\n")) {
            if (!process.isAlive() || System.nanoTime() > end) {
                throw new AssertionError("no answer to '" + line + "': " + now + err());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        String answer = now.substring(before.length(), now.indexOf(mark + "\n", before.length()));
        StringBuilder sb = new StringBuilder();
        for (String l : answer.split("\n", -1)) {
            while (l.startsWith("g! ")) {
                l = l.substring(3);
            }
            sb.append(l).append('\n');
        }
        String text = sb.toString();
        // the line before the mark ends with "g! " and the split's last piece is empty
        return text.replaceAll("\n+$", "\n").replaceAll("^\n", "");
    }

    /** Runs a program and returns its exit status and output (stdout then stderr). */
    static JarRuns.Run run(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(JarRuns.WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not end: " + List.of(command));
        }
        return new JarRuns.Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Runs a shell line in a mount namespace of its own where the served tree is {@code /sys} (chmem has no --sysroot before util-linux 2.40). */
    JarRuns.Run asSys(String shell) throws Exception {
        return run(dir, "unshare", "--mount", "sh", "-c", "mount --bind " + dir.resolve("sys") + " /sys && " + shell);
    }

    /** Whether DIR/sys is a mount point now. */
    boolean mounted() throws IOException {
        return mounted(dir.resolve("sys"));
    }

    /** Whether the path is a mount point now; mountinfo has it with its links resolved. */
    static boolean mounted(Path path) throws IOException {
        String wanted = path.getParent().toRealPath().resolve(path.getFileName()).toString();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")).anyMatch(f -> f[4].equals(wanted));
    }

    /** Ends the prompt (end of input) and waits for sysplug's exit status. */
    int stop() throws Exception {
        stdin.close();
        if (!process.waitFor(JarRuns.WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sysplug did not exit at the end of its input: " + err());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(JarRuns.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        if (mounted()) {
            run(dir, "fusermount", "-u", "-z", dir.resolve("sys").toString());
        }
    }
}
