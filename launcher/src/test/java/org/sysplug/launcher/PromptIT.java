package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The interactive prompt on a real terminal, driven as a person drives it: sysplug runs in a
 * tmux session (a pseudo-terminal), keys are typed into it and the screen is read back. Skipped
 * where tmux is not installed (.ci/run installs it).
 */
class PromptIT {

    /** How long the screen may take to show what a key led to before the test gives up. */
    private static final long SCREEN_WAIT_SECONDS = 60;

    private static final AtomicInteger SERVERS = new AtomicInteger();

    /**
     * A tmux server of this test's own, so that nothing of the user's is touched; one per test,
     * because {@code kill-server} returns before the server is gone, and a next test that reused
     * the name could start its session in the dying server (seen once in CI: "no server running").
     */
    private final String server = "sysplug-prompt-it-" + ProcessHandle.current().pid() + "-" + SERVERS.incrementAndGet();

    /** The prompt's working directory: its deploy/ and sysplug-data/ land here, not in the repository. */
    private Path cwd;

    @BeforeEach
    void startSysplugInATerminal() throws Exception {
        assumeTrue(tmuxInstalled(), "tmux is not installed");
        cwd = Files.createTempDirectory("sysplug-prompt-it");
        // (tmux prints the screen's lines without their trailing blanks: the prompt reads "g!")
        List<String> command = new ArrayList<>(List.of("new-session", "-d", "-s", "prompt", "-x", "160", "-y", "50",
                "-c", cwd.toString()));
        command.add(String.join(" ", JarRuns.command().stream().map(CommandLine::quote).toList()) + "; sleep 600");
        tmux(command.toArray(String[]::new));
        screenShows(s -> s.lines().anyMatch(l -> l.startsWith("g!")));
    }

    @AfterEach
    void stopTheTerminal() throws Exception {
        if (tmuxInstalled()) {
            tmux("kill-server");
        }
        if (cwd != null) {
            EmbeddedFramework.deleteTree(cwd);
        }
    }

    @Test
    void tabCompletesACommandNameItsOperandsAndAnOption() throws Exception {
        tmux("send-keys", "-t", "prompt", "sysplug:onl", "Tab");
        assertThat(screenShows(s -> s.contains("g! sysplug:online"))).contains("g! sysplug:online");

        // a completed word ends in a blank, as in bash
        tmux("send-keys", "-t", "prompt", "mem", "Tab");
        screenShows(s -> s.contains("g! sysplug:online memory"));

        tmux("send-keys", "-t", "prompt", "40 --z", "Tab");
        assertThat(screenShows(s -> s.contains("--zone"))).contains("g! sysplug:online memory 40 --zone");
    }

    @Test
    void tabListsTheCpuIdsOfTheRunningMachine() throws Exception {
        tmux("send-keys", "-t", "prompt", "sysplug:offline cpu ", "Tab", "Tab");
        assertThat(screenShows(s -> s.contains("7 (online)"))).contains("1 (online)", "7 (online)");
    }

    @Test
    void aFailedLineShowsTheUsageNotJavaText() throws Exception {
        tmux("send-keys", "-t", "prompt", "sysplug:request abc", "Enter");
        String screen = screenShows(s -> s.contains("explains it"));
        assertThat(screen).contains("usage: sysplug:request [--json] ID").doesNotContain("java.").doesNotContain("Exception");
    }

    @Test
    void aLongRequestShowsItsProgressAndCtrlCCancelsIt() throws Exception {
        // every block's offline held for 2 s: the request runs for 16 s unless cancelled
        tmux("send-keys", "-t", "prompt", "sim:fault --delay 2000 --times 8 memory.offline all", "Enter");
        screenShows(s -> s.contains("8 of 8 left"));
        tmux("send-keys", "-t", "prompt", "sysplug:offline memory 40-47", "Enter");
        String progress = screenShows(s -> s.contains("request 1: OFFLINE ") && s.contains("/8 devices"));
        assertThat(progress).contains("DELETE_EXECUTE memory.remove");

        tmux("send-keys", "-t", "prompt", "C-c");
        String screen = screenShows(s -> s.contains("status:  CANCELLED") && s.lines().anyMatch(l -> l.equals("g!")));
        assertThat(screen).contains("cancelling request 1", "rollback").doesNotContain("java.").doesNotContain("Exception")
                // the progress line was cleared before the outcome was printed
                .doesNotContain("/8 devices");

        tmux("send-keys", "-t", "prompt", "sysplug:requests", "Enter");
        assertThat(screenShows(s -> s.contains("memory40-47") && s.contains("ID  OPERATION")))
                .containsPattern("1 +OFFLINE +CANCELLED");
    }

    /** Waits, bounded, until the screen satisfies {@code shown}, and returns it; fails with the screen otherwise. */
    private String screenShows(Predicate<String> shown) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SCREEN_WAIT_SECONDS);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-t", "prompt");
            if (shown.test(screen)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the screen never showed what was expected:\n" + screen);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static boolean tmuxInstalled() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
