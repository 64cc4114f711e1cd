package org.sysplug.doctor.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.platform.linux.TreePorts;
import org.sysplug.platform.linux.sysfs.Dumps;

/**
 * The zone and unmovable checks on real machines' sysfs trees, copied below a temporary directory
 * and read by the real Linux backend. Each copy gets what a hot-pluggable DIMM adds to sysfs on
 * Linux: an ACPI memory device (PNP0C80) below {@code sys/bus/acpi/devices} with an {@code eject}
 * file and {@code physical_node} links to its memory blocks; sysfs has no {@code _PXM}, so the
 * doctor names the device, not a node.
 */
class LinuxTreeChecksTest {

    @TempDir
    Path tmp;

    /** This repository's arm64 guest: memory32-39 are boot RAM of node1 in ZONE_NORMAL, all removable. */
    @Test
    void aDimmOnlinedIntoZoneNormalAndAPinnedBlockOnAnArm64Tree() throws Exception {
        Path root = Dumps.unpackLsmem("aarch64-virt-6g", tmp);
        dimm(root, "PNP0C80:01", "\\_SB.MHPC.MP01", 32, 39);
        Files.writeString(root.resolve("sys/devices/system/memory/memory33/removable"), "0\n");
        TreePorts ports = TreePorts.of(root);
        Examination now = new Examination(ports.view().topology(), List.of());

        assertThat(new ZoneNormalCheck(ports.firmware()).examine(now)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo("memory32-39");
            assertThat(f.problem()).startsWith("memory32-39 in ZONE_NORMAL: \\_SB.MHPC.MP01 can never be unplugged");
        });
        assertThat(new UnmovableCheck(ports.firmware()).examine(now)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo("memory33");
            assertThat(f.problem()).contains("so \\_SB.MHPC.MP01 cannot be unplugged while it is online");
        });
    }

    @Test
    void aDimmOnlinedMovableIsFine() throws Exception {
        Path root = Dumps.unpackLsmem("aarch64-virt-6g", tmp);
        dimm(root, "PNP0C80:01", "\\_SB.MHPC.MP01", 40, 47); // the guest's DIMM, onlined movable
        TreePorts ports = TreePorts.of(root);
        Examination now = new Examination(ports.view().topology(), List.of());

        assertThat(new ZoneNormalCheck(ports.firmware()).examine(now)).isEmpty();
        assertThat(new UnmovableCheck(ports.firmware()).examine(now)).isEmpty();
    }

    /** util-linux's x86-64 dump, when the shared data is there: blocks 32-64 Normal, most of them not removable. */
    @Test
    void theUnmovableBlocksOfADimmOnAnX86Tree() throws Exception {
        assumeTrue(Dumps.lsmemTrees().contains("x86_64-16g"), "util-linux's dumps are not in ../shared");
        Path root = Dumps.unpackLsmem("x86_64-16g", tmp);
        dimm(root, "PNP0C80:00", "\\_SB.PCI0.MEM0", 48, 63);
        TreePorts ports = TreePorts.of(root);
        Examination now = new Examination(ports.view().topology(), List.of());

        List<Finding> zones = new ZoneNormalCheck(ports.firmware()).examine(now);
        assertThat(zones).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo("memory48-63"));
        List<Finding> unmovable = new UnmovableCheck(ports.firmware()).examine(now);
        // lsmem: memory48-52, 54 and 55 removable "no"; 53 and 56-63 "yes"
        assertThat(unmovable).filteredOn(f -> f.severity() == Severity.WARNING).singleElement()
                .satisfies(f -> assertThat(f.subject()).isEqualTo("memory48-52,54-55"));
        // the other unmovable blocks belong to no ejectable device: noted, not warned about
        assertThat(unmovable).filteredOn(f -> f.severity() == Severity.INFO).singleElement()
                .satisfies(f -> assertThat(f.subject()).startsWith("memory0,7,15,22-23,32-47"));
    }

    /**
     * An ACPI memory device as Linux shows it: its directory below the ACPI system bus, a link to it in
     * {@code sys/bus/acpi/devices}, and one {@code physical_node} link per memory block it holds.
     */
    private static void dimm(Path root, String name, String path, int first, int last) throws IOException {
        Path dir = Files.createDirectories(root.resolve("sys/devices/LNXSYSTM:00/LNXSYBUS:00/" + name));
        Files.writeString(dir.resolve("path"), path + "\n");
        Files.writeString(dir.resolve("hid"), "PNP0C80\n");
        Files.writeString(dir.resolve("uid"), name.substring(name.indexOf(':') + 1) + "\n");
        Files.writeString(dir.resolve("status"), "15\n");
        Files.writeString(dir.resolve("eject"), "");
        for (int block = first; block <= last; block++) {
            String link = block == first ? "physical_node" : "physical_node" + (block - first);
            Files.createSymbolicLink(dir.resolve(link), Path.of("../../../system/memory/memory" + block));
        }
        Path bus = Files.createDirectories(root.resolve("sys/bus/acpi/devices"));
        Files.createSymbolicLink(bus.resolve(name), Path.of("../../../devices/LNXSYSTM:00/LNXSYBUS:00/" + name));
    }
}
