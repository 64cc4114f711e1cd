package org.sysplug.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * Memory of an ejectable node or module online in a kernel zone (ZONE_NORMAL, DMA32): the kernel
 * puts unmovable allocations there, so the blocks may never offline again and the device can
 * never be unplugged while they are online — the one-way door of onlining hot-added memory
 * "online_kernel". Only ZONE_MOVABLE memory is safely removable.
 */
@Component(service = DoctorCheck.class, property = DoctorCheck.NAME + "=" + ZoneNormalCheck.CHECK)
public final class ZoneNormalCheck implements DoctorCheck {

    static final String CHECK = "zone-normal-blocks-unplug";

    private final AcpiPort firmware;

    @Activate
    public ZoneNormalCheck(@Reference AcpiPort firmware) {
        this.firmware = firmware;
    }

    @Override
    public List<Finding> examine(Examination examination) {
        Unpluggable unpluggable = Unpluggable.of(firmware.namespace(), examination.machine());
        Map<Unpluggable.Slot, List<MemoryBlock>> pinnedIn = new LinkedHashMap<>();
        for (MemoryBlock b : examination.machine().memory()) {
            if (Blocks.inKernelZone(b)) {
                unpluggable.slotOf(b).ifPresent(s -> pinnedIn.computeIfAbsent(s, x -> new ArrayList<>()).add(b));
            }
        }
        List<Finding> findings = new ArrayList<>();
        pinnedIn.forEach((slot, blocks) -> {
            String list = Blocks.list(blocks);
            findings.add(new Finding(Severity.WARNING, CHECK, Blocks.names(blocks), Blocks.names(blocks) + " in "
                    + Blocks.zones(blocks) + ": " + slot.describe() + " can never be unplugged while they are online "
                    + "(the kernel keeps its own, unmovable allocations there)",
                    "move them to ZONE_MOVABLE while they are still free: sysplug:offline memory " + list
                            + ", then sysplug:online memory " + list + " --zone movable (boot memory: boot with "
                            + "movable_node, so that the firmware's hot-pluggable memory starts in ZONE_MOVABLE)"));
        });
        return findings;
    }
}
