package org.sysplug.examples.reservedcpus;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Target;
import org.sysplug.platform.IdList;

/**
 * DELETE_VALIDATE policy: refuses a request that would take a reserved CPU offline, either by
 * name ({@code offline cpu1}) or by hot-removing the container that holds it (the CPUs the
 * firmware module described for the request). It runs after the firmware has described the
 * request's resources and before the CPU module validates, and it changes nothing.
 *
 * <p>It claims no target: it decides whether CPUs may go, it does not take them offline; the
 * CPU module does, and claims them. Claiming here would let a dry run report a CPU as handled
 * while no module that acts on CPUs is running.
 */
@Component(name = "reserved-cpus.validate", service = HotplugHandler.class, configurationPid = ReservedCpus.PID)
@Designate(ocd = ReservedCpusConfig.class)
@Handler(phase = Phase.DELETE_VALIDATE, order = ReservedCpus.RANK, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class ReservedCpus implements HotplugHandler {

    /** The configuration PID: a deploy folder's {@code org.sysplug.examples.reservedcpus.cfg}. */
    public static final String PID = "org.sysplug.examples.reservedcpus";
    /** Reserved unless configured otherwise: the first two CPUs, where housekeeping usually runs. */
    static final String DEFAULT_CPUS = "0-1";
    /** After the firmware described the resources (10), before the CPU module's own rules (100). */
    static final int RANK = Order.DELETE_VALIDATE_CPU - 10;

    private volatile ReservedSet reserved;

    @Activate
    public ReservedCpus(ReservedCpusConfig config) {
        this.reserved = ReservedSet.parse(config.cpus());
    }

    /** A new setting applies to the next request, without taking the handler away from the queue. */
    @Modified
    void modified(ReservedCpusConfig config) {
        this.reserved = ReservedSet.parse(config.cpus());
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        List<Integer> going = going(context);
        if (going.isEmpty()) {
            return;
        }
        ReservedSet set = reserved;
        String first = "cpu" + going.get(0);
        if (set.error() != null) {
            throw new HotplugException(HotplugException.EINVAL, first, "the reserved CPUs cannot be read ("
                    + set.error() + "), so no CPU goes offline: fix cpus in " + PID + ".cfg, e.g. cpus=0-1");
        }
        List<Integer> refused = set.reservedAmong(going);
        if (!refused.isEmpty()) {
            boolean one = refused.size() == 1;
            throw new HotplugException(HotplugException.EPERM, "cpu" + refused.get(0), IdList.format("cpu", refused)
                    + (one ? " is" : " are") + " reserved (" + PID + " cpus=" + set.text() + ") and "
                    + (one ? "stays online: leave it" : "stay online: leave them")
                    + " out of the request, or change cpus in " + PID + ".cfg");
        }
        context.note(IdList.format("cpu", going) + " not reserved (cpus=" + (set.text().isEmpty() ? "none" : set.text()) + ")");
    }

    /** The CPUs the request would take offline: its {@code cpuN} targets, and the CPUs the firmware described. */
    private static List<Integer> going(RequestContext context) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (Target t : context.request().targets()) {
            if (!t.isFirmwarePath() && t.deviceClass().equals("cpu")) {
                ids.add(t.index());
            }
        }
        for (CpuResource r : context.resources(CpuResource.class)) {
            if (r.isAssigned()) {
                ids.add(r.cpu());
            }
        }
        return List.copyOf(ids);
    }
}
