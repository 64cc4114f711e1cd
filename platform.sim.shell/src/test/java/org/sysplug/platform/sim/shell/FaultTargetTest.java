package org.sysplug.platform.sim.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code sim:fault}'s target: {@code all} for any, and a shell's expansion of {@code *} recognised. */
class FaultTargetTest {

    @Test
    void allMeansAnyTarget() {
        assertThat(SimCommands.faultTarget("all")).isEqualTo("*");
        assertThat(SimCommands.faultTarget("ALL")).isEqualTo("*");
        assertThat(SimCommands.faultTarget("*")).isEqualTo("*");
        assertThat(SimCommands.faultTarget("cpu5")).isEqualTo("cpu5");
        assertThat(SimCommands.faultTarget("\\_SB.NOD1")).isEqualTo("\\_SB.NOD1");
    }

    @Test
    void fileNamesWhereTheTargetGoesAreTheShellsExpansionOfStar() {
        // the test runs in the module's folder, which holds pom.xml and src
        assertThatThrownBy(() -> SimCommands.faultTarget("pom.xml", "src"))
                .hasMessageContaining("looks like file names").hasMessageContaining("write all");
        assertThatThrownBy(() -> SimCommands.faultTarget("pom.xml")).hasMessageContaining("looks like file names");
        assertThatThrownBy(SimCommands::faultTarget).hasMessageStartingWith("name the target");
    }
}
