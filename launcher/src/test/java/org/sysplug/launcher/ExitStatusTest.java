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
}
