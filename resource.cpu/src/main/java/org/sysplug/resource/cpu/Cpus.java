package org.sysplug.resource.cpu;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.sysplug.framework.CpuResource;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Target;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.IdList;

/** The request's CPUs as the machine knows them, and names. Shared by this bundle's handlers. */
final class Cpus {

    private Cpus() {
    }

    /** A CPU this module registered or unregistered: enough to undo it. */
    record Registration(int cpu, long apicId, int node) {
    }

    static String name(int cpu) {
        return "cpu" + cpu;
    }

    /**
     * The present CPU a resource describes: the one with its APIC id (the firmware's identity of
     * a processor), or, for a resource without one, its logical id.
     */
    static Optional<CpuInfo> present(Topology t, CpuResource r) {
        for (CpuInfo c : t.cpus()) {
            if (c.present() && (r.apicId() >= 0 ? c.apicId() == r.apicId() : c.id() == r.cpu())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The present CPUs of the request's CPU resources, each once, in the order recorded. */
    static List<CpuInfo> presentResources(RequestContext context, Topology t) {
        Set<Integer> seen = new LinkedHashSet<>();
        List<CpuInfo> out = new ArrayList<>();
        for (CpuResource r : context.resources(CpuResource.class)) {
            present(t, r).filter(c -> seen.add(c.id())).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The CPUs of the request's {@code cpuN} targets, each once, in the order given; this module takes them (claims them for the
     * request), so none is reported done unhandled.
     */
    static List<Integer> targets(RequestContext context) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (Target t : context.request().targets()) {
            if (!t.isFirmwarePath() && t.deviceClass().equals("cpu")) {
                context.claim(t);
                ids.add(t.index());
            }
        }
        return List.copyOf(ids);
    }

    /** A {@code cpuN} target: ENODEV unless it is a present CPU. */
    static CpuInfo requirePresent(Topology t, int id) throws HotplugException {
        CpuInfo c = t.cpu(id).orElseThrow(() -> new HotplugException(HotplugException.ENODEV, name(id), name(id)
                + " is not a possible CPU (" + (t.cpus().isEmpty() ? "this machine shows no CPU at all"
                        : "possible: " + list(t.cpus().stream().map(CpuInfo::id).toList())) + ")"));
        if (!c.present()) {
            throw new HotplugException(HotplugException.ENODEV, name(id), name(id)
                    + " is not present: hot-add its processor first");
        }
        return c;
    }

    /** {@code cpu8-11,14} for 8, 9, 10, 11, 14: the kernel's cpulist format, prefixed. */
    static String list(Collection<Integer> ids) {
        return IdList.format("cpu", ids);
    }
}
