package org.sysplug.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code sysplug.jar} running its prompt with {@code --http}, as a node agent runs: the test
 * talks to it over HTTP and, through its standard input, types commands at the prompt. Ends with
 * {@code exit}.
 */
final class ServedJar implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("sysplug: serving the HTTP API at (http://\\S+/api/v1)");

    private final Process process;
    private final OutputStream stdin;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final URI api;

    private ServedJar(Process process) throws InterruptedException {
        this.process = process;
        this.stdin = process.getOutputStream();
        drain(process.getInputStream(), out);
        drain(process.getErrorStream(), err);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JarRuns.WAIT_SECONDS);
        URI found = null;
        while (found == null && System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = SERVING.matcher(err);
            if (m.find()) {
                found = URI.create(m.group(1));
            } else {
                Thread.sleep(20);
            }
        }
        if (found == null) {
            process.destroyForcibly();
            throw new AssertionError("sysplug did not say where it serves; stderr:\n" + err);
        }
        this.api = found;
    }

    /** Starts {@code java -jar sysplug.jar ARGS...} (the prompt: give no command) in {@code cwd}. */
    static ServedJar start(Path cwd, String... args) throws IOException, InterruptedException {
        return new ServedJar(new ProcessBuilder(JarRuns.command(args)).directory(cwd.toFile()).start());
    }

    /** {@code http://HOST:PORT/api/v1}, as the launcher printed it. */
    URI api() {
        return api;
    }

    int port() {
        return api.getPort();
    }

    /** Types a line at the prompt and waits until the output holds {@code expect} after it. */
    String type(String line, String expect) throws IOException, InterruptedException {
        int from = out.length();
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String since = out.substring(from);
            if (since.contains(expect)) {
                return since;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + expect + "' after typing " + line + "; output:\n" + out.substring(from));
    }

    String err() {
        return err.toString();
    }

    /** Exits the prompt and waits for the JVM; its exit status. */
    int exit() throws IOException, InterruptedException {
        try {
            stdin.write("exit\n".getBytes(StandardCharsets.UTF_8));
            stdin.close();
        } catch (IOException e) {
            // already gone: waitFor says how it ended
        }
        if (!process.waitFor(JarRuns.WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sysplug did not exit; stderr:\n" + err);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            exit();
        }
    }

    private static void drain(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                char[] buf = new char[4096];
                for (int n; (n = r.read(buf)) >= 0;) {
                    into.append(buf, 0, n);
                }
            } catch (IOException e) {
                into.append("\n[read failed: ").append(e).append("]\n");
            }
        }, "sysplug-output");
        t.setDaemon(true);
        t.start();
    }

}
