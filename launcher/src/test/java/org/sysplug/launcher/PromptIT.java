package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /** A tmux server of this test's own, so that nothing of the user's is touched. */
    private final String server = "sysplug-prompt-it-" + ProcessHandle.current().pid();

    @BeforeEach
    void startSysplugInATerminal() throws Exception {
        assumeTrue(tmuxInstalled(), "tmux is not installed");
        // (tmux prints the screen's lines without their trailing blanks: the prompt reads "g!")
        List<String> command = new ArrayList<>(List.of("new-session", "-d", "-s", "prompt", "-x", "160", "-y", "50"));
        command.add(String.join(" ", JarRuns.command().stream().map(CommandLine::quote).toList()) + "; sleep 600");
        tmux(command.toArray(String[]::new));
        screenShows(s -> s.lines().anyMatch(l -> l.startsWith("g!")));
    }

    @AfterEach
    void stopTheTerminal() throws Exception {
        if (tmuxInstalled()) {
            tmux("kill-server");
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
