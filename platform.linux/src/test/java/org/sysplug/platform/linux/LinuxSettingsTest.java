package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class LinuxSettingsTest {

    private static final UnaryOperator<String> FRAMEWORK = Map.of("sysplug.backend", "linux", "sysplug.sysroot", "/tmp/t",
            "sysplug.monitor", "poll", "sysplug.monitor.interval", "50")::get;

    @Test
    void aConfigurationOverridesTheMonitorPropertiesItSetsAndNothingElse() {
        LinuxSettings framework = LinuxSettings.of(LinuxSettings.configured(Map.of(), FRAMEWORK));
        assertThat(framework.monitor()).isEqualTo(LinuxSettings.Monitor.POLL);
        assertThat(framework.interval()).isEqualTo(Duration.ofMillis(50));

        LinuxSettings off = LinuxSettings.of(LinuxSettings.configured(Map.of("monitor", "off"), FRAMEWORK));
        assertThat(off.monitor()).isEqualTo(LinuxSettings.Monitor.OFF);
        assertThat(off.interval()).isEqualTo(Duration.ofMillis(50));

        // a typed configuration value (Long) counts as its text; the tree is the framework's whatever is configured
        LinuxSettings slower = LinuxSettings.of(LinuxSettings.configured(
                Map.of("monitor.interval", 2000L, "sysplug.sysroot", "/elsewhere"), FRAMEWORK));
        assertThat(slower.interval()).isEqualTo(Duration.ofMillis(2000));
        assertThat(slower.sysroot()).hasToString("/tmp/t");
    }

    @Test
    void aBadConfiguredValueIsRefusedNamingTheSettingAndWhatItMayBe() {
        assertThatThrownBy(() -> LinuxSettings.of(LinuxSettings.configured(Map.of("monitor", "inotify"), FRAMEWORK)))
                .hasMessage("sysplug.monitor=inotify is not a monitor: use auto, udevadm, poll or off");
    }
}
