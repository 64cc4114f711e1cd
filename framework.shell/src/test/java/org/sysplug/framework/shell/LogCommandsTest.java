package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class LogCommandsTest {

    @Test
    void levelsAreReadInAnyCaseAndWarningIsWarn() {
        assertThat(LogCommands.level("info")).isEqualTo(LogLevel.INFO);
        assertThat(LogCommands.level(" Debug ")).isEqualTo(LogLevel.DEBUG);
        assertThat(LogCommands.level("warning")).isEqualTo(LogLevel.WARN);
    }

    @Test
    void anUnknownLevelNamesItAndTheLevelsThereAre() {
        assertThatThrownBy(() -> LogCommands.level("loud")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown log level 'loud': use ERROR, WARN, INFO, DEBUG or TRACE");
        assertThatThrownBy(() -> LogCommands.level("audit")).hasMessageContaining("'audit'");
    }
}
