package org.sysplug.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;

/**
 * The interactive prompt: gogo.jline runs the shell on its own thread once its bundle starts;
 * the launcher only prepares it and waits for the framework to stop.
 *
 * <p>The shell gets sysplug's own {@code gosh_profile} through {@code gosh.home} (the file says
 * why: gogo.jline 1.1.8's built-in profile fails when run without a terminal). Leaving the shell
 * (the profile's {@code exit}, end of input, or {@code stop 0}) stops the framework, and a normal
 * stop is exit status 0 (bnd's launcher, by contrast, exits 117 when the shell stops the
 * framework).
 */
final class Interactive {

    /** The thread gogo.jline 1.1.x runs its shell on. */
    static final String SHELL_THREAD = "Gogo shell";

    private static final String PROFILE = "gosh/gosh_profile";
    private static final long SHELL_END_GRACE_MILLIS = 2_000;

    private Interactive() {
    }

    /** The framework properties that point gogo.jline at sysplug's profile. */
    static Map<String, String> shellProperties(Path workDir, boolean console) throws IOException {
        Path home = workDir.resolve("gosh");
        Path profile = home.resolve("etc/gosh_profile");
        Files.createDirectories(profile.getParent());
        try (InputStream in = Interactive.class.getClassLoader().getResourceAsStream(PROFILE)) {
            if (in == null) {
                throw new IOException("the launcher jar has no " + PROFILE + " (broken build?)");
            }
            Files.copy(in, profile);
        }
        // Without a console the input is a pipe or a file: keep it out of ~/.gogo.history.
        return Map.of("gosh.home", home.toString(), "gosh.args", console ? "" : "--nohistory");
    }

    /**
     * JLine warns on stderr whenever it falls back to a dumb terminal; without a console that
     * fallback is expected, so ask for it up front unless the user chose otherwise.
     */
    static void preferDumbTerminalWithoutConsole(boolean console) {
        if (!console && System.getProperty("org.jline.terminal.dumb") == null) {
            System.setProperty("org.jline.terminal.dumb", "true");
        }
    }

    /** Waits until the shell stops the framework and returns the exit status. */
    static int run(EmbeddedFramework running, PrintStream err) throws InterruptedException {
        // Null when the shell never started, or when it has already come and gone (input at EOF
        // at once); the watch tells the two apart by whether the framework is stopping.
        Thread shell = findShellThread();
        ShellWatch watch = new ShellWatch(shell, running, err);
        watch.start();
        FrameworkEvent stopped = running.awaitStop();
        if (watch.shellFailed()) {
            return ExitStatus.FAILURE;
        }
        return stopped.getType() == FrameworkEvent.ERROR ? ExitStatus.FAILURE : ExitStatus.OK;
    }

    private static Thread findShellThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> SHELL_THREAD.equals(t.getName()) && t.isAlive())
                .findFirst().orElse(null);
    }

    /**
     * The shell stops the framework when it ends normally. If its thread dies any other way
     * (an exception in gogo.jline) or never ran, nothing would ever stop the framework and the
     * launcher would hang: this watch stops it instead.
     */
    private static final class ShellWatch extends Thread {
        private final Thread shell;
        private final EmbeddedFramework running;
        private final PrintStream err;
        private volatile boolean failed;

        ShellWatch(Thread shell, EmbeddedFramework running, PrintStream err) {
            super("sysplug shell watch");
            setDaemon(true);
            this.shell = shell;
            this.running = running;
            this.err = err;
        }

        boolean shellFailed() {
            return failed;
        }

        @Override
        public void run() {
            try {
                if (shell != null) {
                    shell.join();
                }
                long deadline = System.currentTimeMillis() + SHELL_END_GRACE_MILLIS;
                while (running.framework().getState() == Bundle.ACTIVE) {
                    if (System.currentTimeMillis() > deadline) {
                        failed = true;
                        err.println(shell == null
                                ? "sysplug: the Gogo shell did not start; stopping the platform"
                                : "sysplug: the Gogo shell ended without stopping the platform; stopping it");
                        running.framework().stop();
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (BundleException e) {
                err.println("sysplug: stopping: " + ExitStatus.message(e));
            }
        }
    }
}
