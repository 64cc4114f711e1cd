package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * The hot-plug switches of {@code firmware/acpi/hotplug}: a kernel before 3.11 has none and
 * hot-plugs anyway, so an absent switch is enabled; one that is there says 1 or it is not; and a
 * message names the switch as it is in the tree, not the host's {@code /sys}.
 */
class HotplugProfileTest {

    @TempDir
    Path tmp;

    @Test
    void anAbsentSwitchIsEnabledAndOneThatIsThereMustSayOne() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 2, true, 2, true);
        LinuxAcpi acpi = new LinuxAcpi(new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE)));
        assertThat(acpi.profileEnabled("memory")).as("no hotplug directory at all").isTrue();

        Path memory = Files.createDirectories(root.resolve("sys/firmware/acpi/hotplug/memory"));
        assertThat(acpi.profileEnabled("memory")).as("no enabled file").isTrue();
        Files.writeString(memory.resolve("enabled"), "0\n");
        assertThat(acpi.profileEnabled("memory")).isFalse();
        Files.writeString(memory.resolve("enabled"), "1\n");
        assertThat(acpi.profileEnabled("memory")).isTrue();
        Files.writeString(memory.resolve("enabled"), "yes\n");
        assertThat(acpi.profileEnabled("memory")).as("not what the kernel writes").isFalse();
        Files.delete(memory.resolve("enabled"));
        Files.createDirectory(memory.resolve("enabled"));
        assertThat(acpi.profileEnabled("memory")).as("there but unreadable").isFalse();

        assertThat(acpi.profileFile("memory")).isEqualTo(root.toRealPath() + "/sys/firmware/acpi/hotplug/memory/enabled");
        assertThat(new LinuxPorts.Firmware(() -> acpi).profileFile("processor"))
                .isEqualTo(root.toRealPath() + "/sys/firmware/acpi/hotplug/processor/enabled");
    }
}
