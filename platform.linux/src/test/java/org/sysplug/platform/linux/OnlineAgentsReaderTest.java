package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.DaxDevice;
import org.sysplug.platform.UdevRule;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * Who else onlines devices, read from a tree below a temporary root: the kernel's setting, the
 * udev rules distributions ship (written the ways they are written), dax devices and their drivers.
 */
class OnlineAgentsReaderTest {

    @TempDir
    Path root;

    private OnlineAgentsReader reader() throws IOException {
        return new OnlineAgentsReader(Sysroot.of(root));
    }

    private void write(String relative, String text) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void theKernelsSettingIsReadAndAbsentWhenTheTreeHasNone() throws IOException {
        Files.createDirectories(root.resolve("sys/devices/system/memory"));
        assertThat(reader().autoOnlineBlocks()).isEmpty();
        write(OnlineAgentsReader.AUTO_ONLINE, "online_movable\n");
        assertThat(reader().autoOnlineBlocks()).contains("online_movable");
    }

    @Test
    void rulesThatSetStateOrOnlineAreFoundOnTheirLineWithTheirSubsystem() throws IOException {
        write("usr/lib/udev/rules.d/40-redhat.rules", """
                # Memory hotadd request
                SUBSYSTEM!="memory", GOTO="memory_hotplug_end"
                ACTION!="add", GOTO="memory_hotplug_end"
                ATTR{state}=="offline", ATTR{state}="online"
                LABEL="memory_hotplug_end"
                ATTR{state}=="offline", ATTR{state}="online"
                """);
        write("etc/udev/rules.d/99-cpu.rules", """
                SUBSYSTEM=="cpu", ACTION=="add", \\
                  TEST=="online", ATTR{online}=="0", ATTR{online}="1"
                SUBSYSTEM=="memory", ACTION=="add", ATTR{state}=="offline"
                """);
        write("lib/udev/rules.d/80-run.rules",
                "SUBSYSTEM==\"memory|cpu\", ACTION==\"add\", RUN+=\"/bin/sh -c 'echo online > /sys$devpath/state'\"\n");

        List<UdevRule> rules = reader().onliningRules();

        // the GOTO scope ends at its LABEL: the rule after it matches no subsystem, and the comparison
        // ATTR{state}=="offline" alone onlines nothing
        assertThat(rules).extracting(r -> r.where() + " " + r.subsystem()).containsExactly(
                "usr/lib/udev/rules.d/40-redhat.rules:4 memory",
                "lib/udev/rules.d/80-run.rules:1 memory",
                "lib/udev/rules.d/80-run.rules:1 cpu",
                "etc/udev/rules.d/99-cpu.rules:1 cpu");
    }

    @Test
    void aFileInEtcHidesTheLibrarysFileOfTheSameName() throws IOException {
        write("usr/lib/udev/rules.d/40-memory.rules", "SUBSYSTEM==\"memory\", ATTR{state}=\"online\"\n");
        write("etc/udev/rules.d/40-memory.rules", "# disabled by the administrator\n");
        assertThat(reader().onliningRules()).isEmpty();

        Files.delete(root.resolve("etc/udev/rules.d/40-memory.rules"));
        Files.createSymbolicLink(root.resolve("etc/udev/rules.d/40-memory.rules"), Path.of("/dev/null"));
        assertThat(reader().onliningRules()).isEmpty();

        Files.delete(root.resolve("etc/udev/rules.d/40-memory.rules"));
        assertThat(reader().onliningRules()).extracting(UdevRule::where)
                .containsExactly("usr/lib/udev/rules.d/40-memory.rules:1");
    }

    @Test
    void daxDevicesComeWithTheDriverTheyAreBoundTo() throws IOException {
        Files.createDirectories(root.resolve("sys/devices/platform/hmem.0/dax0.0"));
        Files.createDirectories(root.resolve("sys/devices/platform/hmem.1/dax1.0"));
        Files.createDirectories(root.resolve("sys/devices/platform/hmem.2/dax2.0"));
        Files.createDirectories(root.resolve(OnlineAgentsReader.DAX_DEVICES));
        Files.createDirectories(root.resolve(OnlineAgentsReader.DAX_DRIVERS + "/device_dax"));
        Files.createDirectories(root.resolve(OnlineAgentsReader.DAX_DRIVERS + "/kmem"));
        for (String d : List.of("hmem.0/dax0.0", "hmem.1/dax1.0", "hmem.2/dax2.0")) {
            String name = d.substring(d.indexOf('/') + 1);
            Files.createSymbolicLink(root.resolve(OnlineAgentsReader.DAX_DEVICES + "/" + name),
                    Path.of("../../../devices/platform/" + d));
        }
        Files.createSymbolicLink(root.resolve(OnlineAgentsReader.DAX_DRIVERS + "/device_dax/dax0.0"),
                Path.of("../../../../devices/platform/hmem.0/dax0.0"));
        Files.createSymbolicLink(root.resolve(OnlineAgentsReader.DAX_DRIVERS + "/kmem/dax1.0"),
                Path.of("../../../../devices/platform/hmem.1/dax1.0"));

        assertThat(reader().daxDevices()).containsExactly(new DaxDevice("dax0.0", "device_dax"),
                new DaxDevice("dax1.0", "kmem"), new DaxDevice("dax2.0", ""));
        assertThat(reader().daxDevices()).filteredOn(DaxDevice::devdax).extracting(DaxDevice::name).containsExactly("dax0.0");
    }
}
