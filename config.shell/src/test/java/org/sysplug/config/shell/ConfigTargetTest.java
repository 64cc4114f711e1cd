package org.sysplug.config.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an operator may name: a plain PID, or FACTORY~NAME as FileInstall names a factory's configuration. */
class ConfigTargetTest {

    @Test
    void aPlainPidIsTakenAsTyped() throws Exception {
        ConfigTarget t = ConfigTarget.parse("org.sysplug.firmware.acpi");
        assertThat(t.factoryConfiguration()).isFalse();
        assertThat(t.pid()).isEqualTo("org.sysplug.firmware.acpi");
        assertThat(t.factoryPid()).isNull();
    }

    @Test
    void factoryTildeNameIsOneConfigurationOfThatFactory() throws Exception {
        // deploy/org.sysplug.policy.node-node1.cfg becomes this PID in FileInstall 3.7.4 and ConfigAdmin 1.6
        ConfigTarget t = ConfigTarget.parse("org.sysplug.policy.node~node1");
        assertThat(t.factoryConfiguration()).isTrue();
        assertThat(t.factoryPid()).isEqualTo("org.sysplug.policy.node");
        assertThat(t.name()).isEqualTo("node1");
        assertThat(t.pid()).isEqualTo("org.sysplug.policy.node~node1");
        assertThat(ConfigTarget.parse("org.sysplug.policy.node~3f2a-b.c_d").name()).isEqualTo("3f2a-b.c_d");
    }

    @ParameterizedTest
    @ValueSource(strings = { "org.sysplug.policy.node~", "org.sysplug.policy.node~node 1", "org.sysplug.policy.node~a/b",
            "org.sysplug.policy.node~.hidden", "org.sysplug.policy.node~a~b", "org.sysplug.policy.node~n\u001b[2J",
            "org.sysplug.policy.node~aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
    void aBadNameIsRefusedInOneLineSayingWhatANameIs(String text) {
        assertThatThrownBy(() -> ConfigTarget.parse(text)).isInstanceOf(ConfigTarget.Refused.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("is not a configuration name")
                        .contains("org.sysplug.policy.node~node1").doesNotContain("\n").doesNotContain("\u001b"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "~node1", "org..policy~node1", "org policy~node1", ".org~n", "org.~n" })
    void aBadFactoryIsRefused(String text) {
        assertThatThrownBy(() -> ConfigTarget.parse(text)).isInstanceOf(ConfigTarget.Refused.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("is not a factory PID").contains("FACTORY~NAME"));
    }

    @Test
    void theFactoryOfAConfigurationPid() {
        assertThat(ConfigTarget.factoryOf("org.sysplug.policy.node~node1")).contains("org.sysplug.policy.node");
        assertThat(ConfigTarget.factoryOf("org.sysplug.policy")).isEmpty();
    }
}
