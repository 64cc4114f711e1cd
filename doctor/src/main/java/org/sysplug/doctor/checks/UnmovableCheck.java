package org.sysplug.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
 * Online blocks that hold unmovable pages ({@code removable} 0: pinned pages, kernel text, early
 * allocations): offlining them fails with EBUSY, so the node or module they belong to cannot be
 * unplugged while they are online. A WARNING on memory the firmware could eject; on memory no
 * ejectable firmware device covers it only says so, as an INFO. It does not say why the pages are
 * unmovable: a sysfs tree shows only {@code removable 0}, not whether it is boot memory.
 */
@Component(service = DoctorCheck.class, property = DoctorCheck.NAME + "=" + UnmovableCheck.CHECK)
public final class UnmovableCheck implements DoctorCheck {

    static final String CHECK = "unmovable-blocks";

    private final AcpiPort firmware;

    @Activate
    public UnmovableCheck(@Reference AcpiPort firmware) {
        this.firmware = firmware;
    }

    @Override
    public List<Finding> examine(Examination examination) {
        Unpluggable unpluggable = Unpluggable.of(firmware.namespace(), examination.machine());
        Map<Unpluggable.Slot, List<MemoryBlock>> inSlot = new LinkedHashMap<>();
        Map<Integer, List<MemoryBlock>> fixed = new TreeMap<>(); // per node, memory nothing can eject
        for (MemoryBlock b : examination.machine().memory()) {
            if (!b.online() || b.removable()) {
                continue;
            }
            Optional<Unpluggable.Slot> slot = unpluggable.slotOf(b);
            if (slot.isPresent()) {
                inSlot.computeIfAbsent(slot.get(), s -> new ArrayList<>()).add(b);
            } else {
                fixed.computeIfAbsent(b.node(), n -> new ArrayList<>()).add(b);
            }
        }
        List<Finding> findings = new ArrayList<>();
        inSlot.forEach((slot, blocks) -> findings.add(new Finding(Severity.WARNING, CHECK, Blocks.names(blocks),
                Blocks.names(blocks) + (blocks.size() == 1 ? " holds" : " hold") + " unmovable pages (removable 0): "
                        + "offlining fails with EBUSY, so " + slot.describe() + " cannot be unplugged while "
                        + (blocks.size() == 1 ? "it is" : "they are") + " online",
                "release what pins the pages (a driver, an RDMA or VFIO registration, a long-lived kernel "
                        + "allocation) before ejecting " + slot.path() + "; the kernel never moves them")));
        fixed.forEach((node, blocks) -> findings.add(new Finding(Severity.INFO, CHECK, Blocks.names(blocks),
                Blocks.names(blocks) + " on node" + node + (blocks.size() == 1 ? " holds" : " hold")
                        + " unmovable pages (removable 0) and cannot go offline; no ejectable firmware device covers "
                        + (blocks.size() == 1 ? "it" : "them") + ", so nothing could unplug " + (blocks.size() == 1 ? "it" : "them")
                        + " anyway", "")));
        return findings;
    }
}
