package org.sysplug.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;

/**
 * The interactive prompt: sysplug's console bundle runs it on its own thread ({@value #SHELL_THREAD})
 * once it starts; the launcher only prepares it and waits for the framework to stop.
 *
 * <p>gogo.jline still starts (its commands and completion data serve the prompt), but its login
 * shell runs with {@code --nointeractive}: it only sources the profile that {@code gosh.home}
 * points at, which publishes its terminal for the console, and ends without stopping anything. Its own read loop would
 * print Java exception text for a failed line; the console explains failures instead. Leaving
 * the prompt ({@code exit}, Ctrl-D, end of input, or {@code stop 0}) stops the framework, and a
 * normal stop is exit status 0 (bnd's launcher, by contrast, exits 117 when the shell stops the
 * framework).
 */
final class Interactive {

    /** The thread the console bundle runs the prompt on (its {@code Console.THREAD}). */
    static final String SHELL_THREAD = "sysplug console";
    /** Where the console leaves a piped prompt's status (its {@code ReadLoop.SCRIPT_STATUS_PROPERTY}). */
    static final String SCRIPT_STATUS = "sysplug.script.status";
    /** The service property of the terminal the console waits for (its {@code Console.TERMINAL}). */
    static final String TERMINAL_PROPERTY = "sysplug.terminal";

    /**
     * What gogo.jline's login shell runs: JLine allows one system terminal per process and
     * gogo.jline has built it, so its session publishes it as a service, which the console takes.
     */
    private static final String HANDOVER_PROFILE = String.join("\n",
            "# gogo.jline's login shell (--nointeractive) runs this and ends: it hands the process's terminal",
            "# (JLine allows one) to sysplug's console, which runs the prompt on it.",
            "__sysplug_terminal = (new java.util.Hashtable)",
            "$__sysplug_terminal put " + TERMINAL_PROPERTY + " gogo.jline",
            "${.context} registerService java.lang.Object ${.terminal} $__sysplug_terminal",
            "");
    private static final long SHELL_END_GRACE_MILLIS = 2_000;
    /** How long the console may take to start after the platform did (SCR activates it asynchronously). */
    private static final long SHELL_START_MILLIS = 10_000;

    private Interactive() {
    }

    /** The framework properties that keep gogo.jline's own login shell from reading the terminal and make it hand the terminal over. */
    static Map<String, String> shellProperties(Path workDir) throws IOException {
        Path home = workDir.resolve("gosh");
        Path profile = home.resolve("etc/gosh_profile");
        Files.createDirectories(profile.getParent());
        Files.writeString(profile, HANDOVER_PROFILE);
        return Map.of("gosh.home", home.toString(), "gosh.args", "--nointeractive --nohistory");
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
        System.clearProperty(SCRIPT_STATUS);
        Thread shell = findShellThread(running);
        ShellWatch watch = new ShellWatch(shell, running, err);
        watch.start();
        FrameworkEvent stopped = running.awaitStop();
        if (watch.shellFailed()) {
            return ExitStatus.FAILURE;
        }
        if (stopped.getType() == FrameworkEvent.ERROR) {
            return ExitStatus.FAILURE;
        }
        return scriptStatus();
    }

    /**
     * The status of the last command that failed in a prompt whose input was no terminal (a
     * pipe, a here-document), which the console leaves in {@value #SCRIPT_STATUS}; 0 at a
     * terminal, and when every command succeeded.
     */
    static int scriptStatus() {
        String left = System.getProperty(SCRIPT_STATUS);
        try {
            return left == null ? ExitStatus.OK : Integer.parseInt(left);
        } catch (NumberFormatException e) {
            return ExitStatus.FAILURE;
        }
    }

    private static Thread findShellThread(EmbeddedFramework running) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SHELL_START_MILLIS;
        while (running.framework().getState() == Bundle.ACTIVE && System.currentTimeMillis() < deadline) {
            Thread shell = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> SHELL_THREAD.equals(t.getName()) && t.isAlive())
                    .findFirst().orElse(null);
            if (shell != null) {
                return shell;
            }
            Thread.sleep(20);
        }
        return null;
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
                                ? "sysplug: the prompt did not start; stopping the platform"
                                : "sysplug: the prompt ended without stopping the platform; stopping it");
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
