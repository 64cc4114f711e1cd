package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines an operator gets wrong, run as the README runs them: each gives the command's
 * usage (or says there is no such command) and exit status 2, on stderr, in a one-shot run and
 * at the prompt alike, and no Java exception text ever reaches the operator.
 */
class OperatorErrorsIT {

    /** The lines that printed Java exception text before (issue 11's list). */
    static List<String> wrongLines() {
        return List.of("sysplug:request abc", "sysplug:request", "sysplug:cancel", "sysplug:submit",
                "sysplug:topology --foo", "sysplug:handlers extra", "sysplug:offline cpu 1 --deadline abc",
                "sysplug:online memory 40 --zone", "sim:unfault", "nosuchcommand", "felix:log", "cm:listconfigurations",
                // found by trying the new commands as a hostile tester would
                "config:set org.sysplug.firmware.acpi", "config:get", "log:set DEBUG nosuchbundle", "log:set LOUD");
    }

    @ParameterizedTest
    @MethodSource("wrongLines")
    void aOneShotRunGivesTheUsageOnStderrAndExitTwo(String line) throws Exception {
        JarRuns.Run r = JarRuns.run(line.split(" "));

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).containsAnyOf("usage: ", "no such command", "no bundle is named", "unknown log level").doesNotContain("java.").doesNotContain("Exception")
                .doesNotContain("Cannot coerce");
    }

    @Test
    void thePromptExplainsTheSameLinesWithoutJavaText() throws Exception {
        String input = String.join("\n", wrongLines()) + "\n$?\nexit\n";

        JarRuns.Run r = JarRuns.runWithInput(input);

        assertThat(r.exit()).as("piped lines are a script: the last failure's status, a usage error").isEqualTo(2);
        String all = r.out() + r.err();
        assertThat(all).doesNotContain("java.").doesNotContain("Exception").doesNotContain("Cannot coerce");
        assertThat(all).contains("usage: sysplug:request [--json] ID", "usage: sim:unfault ID|all",
                "nosuchcommand: no such command", "usage: sysplug:online [--dry-run]");
    }

    /**
     * Lines piped to the prompt are a script: all run, a last line without a newline too, and
     * the process exits with the status of the last line that failed, so that a script can tell.
     */
    @Test
    void pipedLinesAllRunAndTheExitStatusSaysWhetherOneFailed() throws Exception {
        JarRuns.Run failed = JarRuns.runWithInput("sysplug:offline cpu 0\nsysplug:offline cpu 5\nsysplug:requests");

        assertThat(failed.exit()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.out()).contains("cpu0 is the boot CPU").contains("OFFLINE cpu5")
                .as("the last line, without a newline, ran too").containsPattern("(?m)^\\s*2\\s.*OFFLINE");

        JarRuns.Run fine = JarRuns.runWithInput("sysplug:offline cpu 5\nsysplug:online cpu 5\n");
        assertThat(fine.exit()).as(fine.out() + fine.err()).isZero();
    }

    @Test
    void helpOfATextToolIsItsOwnUsageAndExitsZero() throws Exception {
        JarRuns.Run r = JarRuns.run("help", "sysplug:lsmem");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage:\n lsmem [options]", " -a, --all");
    }

    @Test
    void helpGroupsSysplugAndSimCommandsFirstAndHidesJavaObjects() throws Exception {
        JarRuns.Run r = JarRuns.run("help");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("sysplug commands:\n").contains("\nsim commands:\n", "  sysplug:online ")
                .doesNotContain("setsecuritymanager");
        assertThat(r.out().indexOf("sim commands:")).isLessThan(r.out().indexOf("other commands"));
    }

    @Test
    void helpOfACommandShowsUsageOptionsAndAnExample() throws Exception {
        JarRuns.Run r = JarRuns.run("help", "sysplug:offline");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("usage: sysplug:offline ", "options:", "--dry-run", "examples:", "sysplug:offline cpu 6,7");
    }

    @Test
    void aWholeCommandLineGivenAsOneWordRuns() throws Exception {
        JarRuns.Run r = JarRuns.run("sysplug:offline cpu 3");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("OFFLINE cpu3", "SUCCEEDED");
    }

    @Test
    void aFaultTargetThatTheShellExpandedIntoFileNamesIsExplained() throws Exception {
        // what bash makes of: sim:fault cpu.offline *   (run where pom.xml is)
        JarRuns.Run r = JarRuns.run("sim:fault", "cpu.offline", "pom.xml", "src", "target");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("looks like file names", "write all");
    }
}
