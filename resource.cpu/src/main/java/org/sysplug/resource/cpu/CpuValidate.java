package org.sysplug.resource.cpu;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;

/**
 * DELETE_VALIDATE 100: may these CPUs go? For a hot-remove the present CPUs the request
 * describes (those not present are skipped), for an offline request its {@code cpuN} targets
 * (which must be present). A CPU that is not hot-pluggable is refused (EPERM), and so is a
 * request that would leave the machine without an online CPU (EBUSY). Changes nothing.
 */
@Component(name = "cpu.validate", service = HotplugHandler.class)
@Handler(phase = Phase.DELETE_VALIDATE, order = Order.DELETE_VALIDATE_CPU, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class CpuValidate implements HotplugHandler {

    private final MachineView view;

    @Activate
    public CpuValidate(@Reference MachineView view) {
        this.view = view;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        Topology t = view.topology();
        List<CpuInfo> going = new ArrayList<>();
        if (context.request().operation().kind() == Kind.HOTPLUG) {
            going.addAll(Cpus.presentResources(context, t));
        } else {
            for (int id : Cpus.targets(context)) {
                going.add(Cpus.requirePresent(t, id));
            }
        }
        if (going.isEmpty()) {
            return;
        }
        for (CpuInfo c : going) {
            if (!c.hotpluggable()) {
                throw new HotplugException(HotplugException.EPERM, Cpus.name(c.id()), Cpus.name(c.id())
                        + (c.id() == 0 ? " is the boot CPU and is not hot-pluggable" : " is not hot-pluggable")
                        + ": it stays online; leave it out of the request");
            }
        }
        List<Integer> goingOnline = going.stream().filter(CpuInfo::online).map(CpuInfo::id).toList();
        long staying = t.cpus().stream().filter(CpuInfo::online).filter(c -> !goingOnline.contains(c.id())).count();
        if (staying == 0 && !goingOnline.isEmpty()) {
            int last = goingOnline.get(goingOnline.size() - 1);
            throw new HotplugException(HotplugException.EBUSY, Cpus.name(last), "taking " + Cpus.list(goingOnline)
                    + " offline would leave no CPU online: refuse to offline the last online CPU, as chcpu does; "
                    + "bring another CPU online first");
        }
        context.note(Cpus.list(going.stream().map(CpuInfo::id).toList()) + " can go; " + staying + " CPU(s) stay online");
    }
}
