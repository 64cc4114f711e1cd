package org.sysplug.doctor.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Target;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.acpi.AcpiResource;

/**
 * What a hot-add of memory costs before the new memory is usable: the kernel describes every 4 KiB
 * page with a 64-byte {@code struct page} (the memmap, 1/64 of the memory added: 128 MiB per 8 GiB)
 * and, unless memmap_on_memory is set, allocates it from memory already online. For each planned
 * hot-add, or with none planned for each empty firmware slot, the cost against free memory.
 */
@Component(service = DoctorCheck.class, property = DoctorCheck.NAME + "=" + MemmapCheck.CHECK)
public final class MemmapCheck implements DoctorCheck {

    static final String CHECK = "memmap-cost";
    /** sizeof(struct page) on x86-64 and arm64, per 4 KiB page. */
    static final long MEMMAP_DIVISOR = 4096 / 64;

    private final AcpiPort firmware;
    private final MachineView machine;

    @Activate
    public MemmapCheck(@Reference AcpiPort firmware, @Reference MachineView machine) {
        this.firmware = firmware;
        this.machine = machine;
    }

    @Override
    public List<Finding> examine(Examination examination) {
        List<AcpiDevice> namespace = firmware.namespace();
        Map<String, AcpiDevice> byPath = new HashMap<>();
        namespace.forEach(d -> byPath.put(d.path(), d));
        Map<String, Long> added = new LinkedHashMap<>(); // what would be added -> bytes of memory
        List<HotplugRequest> hotAdds = examination.planned().stream()
                .filter(r -> r.operation() == Operation.HOT_ADD).toList();
        if (hotAdds.isEmpty()) {
            for (AcpiDevice d : namespace) {
                if (!d.present() && parentPresent(d, namespace)) {
                    added.put(d.path(), memory(d, byPath));
                }
            }
        } else {
            for (HotplugRequest r : hotAdds) {
                for (Target t : r.targets()) {
                    AcpiDevice d = t.isFirmwarePath() ? byPath.get(t.name()) : null;
                    if (d != null && !d.present()) {
                        added.put(d.path(), memory(d, byPath));
                    }
                }
            }
        }
        OptionalLong free = machine.memoryFree();
        List<Finding> findings = new ArrayList<>();
        added.forEach((path, bytes) -> {
            if (bytes > 0) {
                findings.add(finding(path, bytes, free));
            }
        });
        return findings;
    }

    private static Finding finding(String path, long bytes, OptionalLong free) {
        long cost = bytes / MEMMAP_DIVISOR;
        String need = "hot-adding " + path + " (" + Sizes.of(bytes) + " of memory) needs " + Sizes.of(cost)
                + " for its memmap (64-byte struct pages per 4 KiB page), taken from memory already online";
        if (free.isEmpty()) {
            return new Finding(Severity.INFO, CHECK, path, need + "; free memory is unknown: the platform does not "
                    + "report it", "check that MemFree in /proc/meminfo exceeds " + Sizes.of(cost)
                    + " before inserting " + path);
        }
        if (cost > free.getAsLong()) {
            return new Finding(Severity.ERROR, CHECK, path, need + ", but only " + Sizes.of(free.getAsLong())
                    + " is free: the hot-add fails with ENOMEM or the OOM killer runs",
                    "free at least " + Sizes.of(cost - free.getAsLong()) + " before inserting " + path
                            + ", or hot-add it in smaller parts");
        }
        return new Finding(Severity.INFO, CHECK, path, need + "; " + Sizes.of(free.getAsLong()) + " is free", "");
    }

    /** A slot at the top of what is missing: its parent is there (or it has none). */
    private static boolean parentPresent(AcpiDevice d, List<AcpiDevice> namespace) {
        for (AcpiDevice p : namespace) {
            if (p.children().contains(d.path())) {
                return p.present();
            }
        }
        return true;
    }

    private static long memory(AcpiDevice d, Map<String, AcpiDevice> byPath) {
        long bytes = 0;
        for (AcpiResource r : d.resources()) {
            if (r instanceof AcpiResource.MemoryRange m) {
                bytes += m.length();
            }
        }
        for (String child : d.children()) {
            AcpiDevice c = byPath.get(child);
            if (c != null) {
                bytes += memory(c, byPath);
            }
        }
        return bytes;
    }
}
