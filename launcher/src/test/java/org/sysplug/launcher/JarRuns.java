package org.sysplug.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged {@code sysplug.jar} run in a child JVM, as the README tells an operator to run it. */
final class JarRuns {

    /** How long one run may take before it is killed and the test fails. */
    static final long WAIT_SECONDS = 120;

    record Run(int exit, String out, String err) {
    }

    private JarRuns() {
    }

    /** {@code java -jar sysplug.jar ARGS...} with this JVM's java. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("sysplug.jar")));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Runs sysplug to its end, input from /dev/null, in a fresh working directory removed afterwards:
     * the default data directory ({@code ./sysplug-data}) lands there, not in the repository, and no
     * run sees an earlier one's journal or settings unless it names the same {@code --data}.
     */
    static Run run(String... args) throws IOException, InterruptedException {
        Path cwd = Files.createTempDirectory("sysplug-jar-run");
        try {
            return runIn(cwd, args);
        } finally {
            EmbeddedFramework.deleteTree(cwd);
        }
    }

    /** Runs sysplug to its end in {@code cwd}, input from /dev/null, and returns its exit status and output. */
    static Run runIn(Path cwd, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return ended(p, args);
    }

    /**
     * Runs sysplug to its end with {@code input} as its standard input (lines for the prompt), in a
     * fresh working directory as {@link #run} does.
     */
    static Run runWithInput(String input, String... args) throws IOException, InterruptedException {
        Path cwd = Files.createTempDirectory("sysplug-jar-run");
        try {
            Process p = new ProcessBuilder(command(args)).directory(cwd.toFile()).start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            return ended(p, args);
        } finally {
            EmbeddedFramework.deleteTree(cwd);
        }
    }

    private static Run ended(Process p, String... args) throws IOException, InterruptedException {
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sysplug.jar did not exit: " + List.of(args));
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
