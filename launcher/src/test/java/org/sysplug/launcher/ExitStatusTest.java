package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sysplug.shell.ShellStatus;

/** The launcher reads the exit status where the commands leave it, with the meanings they give it. */
class ExitStatusTest {

    @Test
    void theLauncherAndTheShellBundleAgreeOnTheVariableAndTheCodes() {
        assertThat(ExitStatus.VARIABLE).isEqualTo(ShellStatus.VARIABLE);
        assertThat(ExitStatus.OK).isEqualTo(ShellStatus.OK);
        assertThat(ExitStatus.FAILURE).isEqualTo(ShellStatus.FAILED);
        assertThat(ExitStatus.USAGE).isEqualTo(ShellStatus.USAGE);
    }

    @Test
    void argumentsThatFitNoSignatureAreAUsageLineWithoutJavaTypes() {
        IllegalArgumentException tooFew = new IllegalArgumentException(
                "Cannot coerce cancel() to any of [(CommandSession, long)]");
        IllegalArgumentException text = new IllegalArgumentException(
                "Cannot coerce request(Token) to any of [(CommandSession, boolean, long)]");

        assertThat(ExitStatus.of(tooFew)).isEqualTo(ExitStatus.USAGE);
        assertThat(ExitStatus.message(tooFew, "sysplug:cancel")).isEqualTo("sysplug:cancel: these arguments do not fit it"
                + " (no argument given, a missing one, an unknown option, or text where a number goes);"
                + " 'help sysplug:cancel' shows what it takes");
        assertThat(ExitStatus.message(text, "sysplug:request")).startsWith("sysplug:request: these arguments do not fit it"
                + " (1 argument given").doesNotContain("Token").doesNotContain("CommandSession").doesNotContain("coerce");
        assertThat(ExitStatus.message(new IllegalArgumentException("Cannot coerce stop(Token, Token) to any of"
                + " [(boolean, Bundle[])]"), null)).startsWith("stop: these arguments do not fit it (2 arguments given");
        assertThat(ExitStatus.message(new IllegalArgumentException("unknown device class 'gpu'"), "sysplug:online"))
                .isEqualTo("unknown device class 'gpu'");
    }
}
