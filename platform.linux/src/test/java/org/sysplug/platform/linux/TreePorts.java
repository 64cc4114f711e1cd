package org.sysplug.platform.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * For other bundles' unit tests (this module's test jar): the Linux backend's real read view and
 * firmware port over a tree below a temporary directory, without OSGi, read only. A check under test
 * sees a real machine's tree exactly as it would on that machine.
 */
public final class TreePorts {

    private final LinuxMachine machine;
    private final LinuxAcpi acpi;

    private TreePorts(LinuxMachine machine) {
        this.machine = machine;
        this.acpi = new LinuxAcpi(machine);
    }

    /** The ports over the tree below {@code sysroot} (the directory holding {@code sys/}), read only. */
    public static TreePorts of(Path sysroot) throws IOException {
        return new TreePorts(new LinuxMachine(Sysroot.of(sysroot)));
    }

    public AcpiPort firmware() {
        return new LinuxPorts.Firmware(() -> acpi);
    }

    public MachineView view() {
        return new MachineView() {
            @Override
            public Topology topology() {
                try {
                    return machine.topology();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String describe() {
                return "linux: " + machine.sysroot().root() + " (test)";
            }

            @Override
            public OptionalLong memoryFree() {
                try {
                    return machine.memoryFree();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
