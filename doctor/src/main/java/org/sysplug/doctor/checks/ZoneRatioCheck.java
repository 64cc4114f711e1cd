package org.sysplug.doctor.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.platform.MemoryBlock;

/**
 * Per node, online ZONE_MOVABLE memory against memory in the kernel's zones. The kernel cannot put
 * its own allocations (page tables, slab, the struct pages of the memory itself) in ZONE_MOVABLE,
 * so past a ratio they fail or come from other nodes and the OOM killer may run with free movable
 * memory left. The kernel's own limit for its "auto-movable" online policy is
 * {@code memory_hotplug.auto_movable_ratio}, 301% by default (Documentation/admin-guide/mm/memory-hotplug.rst).
 */
@Component(service = DoctorCheck.class, property = DoctorCheck.NAME + "=" + ZoneRatioCheck.CHECK)
public final class ZoneRatioCheck implements DoctorCheck {

    static final String CHECK = "movable-normal-ratio";
    /** The kernel's default {@code auto_movable_ratio}, in percent of kernel-zone memory. */
    static final long KERNEL_DEFAULT_RATIO = 301;

    @Override
    public List<Finding> examine(Examination examination) {
        Map<Integer, long[]> perNode = new TreeMap<>(); // node -> {movable, kernel} bytes online
        for (MemoryBlock b : examination.machine().memory()) {
            if (Blocks.movable(b)) {
                perNode.computeIfAbsent(b.node(), n -> new long[2])[0] += b.size();
            } else if (Blocks.inKernelZone(b)) {
                perNode.computeIfAbsent(b.node(), n -> new long[2])[1] += b.size();
            }
        }
        List<Finding> findings = new ArrayList<>();
        perNode.forEach((node, bytes) -> findings.add(finding(node, bytes[0], bytes[1])));
        return findings;
    }

    private static Finding finding(int node, long movable, long kernel) {
        String subject = "node" + node;
        String sizes = Sizes.of(movable) + " movable, " + Sizes.of(kernel) + " in kernel zones";
        if (movable == 0) {
            return new Finding(Severity.INFO, CHECK, subject, "MOVABLE:NORMAL is 0% (" + sizes + ")", "");
        }
        if (kernel == 0) {
            return new Finding(Severity.WARNING, CHECK, subject, "all online memory of " + subject + " is in "
                    + "ZONE_MOVABLE (" + sizes + "), above any MOVABLE:NORMAL ratio (the kernel's default limit is "
                    + KERNEL_DEFAULT_RATIO + "%): kernel allocations for " + subject + " come from other nodes or "
                    + "fail, and the OOM killer may run while movable memory is free", fix(node));
        }
        long percent = Math.round(movable * 100.0 / kernel);
        String ratio = "MOVABLE:NORMAL is " + percent + "% (" + sizes + ")";
        if (percent <= KERNEL_DEFAULT_RATIO) {
            return new Finding(Severity.INFO, CHECK, subject, ratio + ", within the kernel's default limit of "
                    + KERNEL_DEFAULT_RATIO + "%", "");
        }
        return new Finding(Severity.WARNING, CHECK, subject, ratio + ", above the kernel's default limit of "
                + KERNEL_DEFAULT_RATIO + "%: kernel allocations on " + subject
                + " may fail, and the OOM killer may run while movable memory is free", fix(node));
    }

    private static String fix(int node) {
        return "online some of node" + node + "'s memory into a kernel zone (sysplug:online memory LIST --zone kernel)"
                + " or add kernel-zone memory to it, knowing that memory in a kernel zone cannot be unplugged";
    }
}
