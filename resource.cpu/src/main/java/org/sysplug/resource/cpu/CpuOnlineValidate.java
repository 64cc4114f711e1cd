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
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;

/**
 * ADD_VALIDATE 110, online requests: may these {@code cpuN} targets come online? Each must be
 * present (ENODEV otherwise, as the execute handler would find); one online already is noted.
 * It takes the targets, so a dry run of an online request answers yes or no here instead of
 * "no handler checked", and it changes nothing: {@link CpuAdd} checks again when it runs.
 */
@Component(name = "cpu.online.validate", service = HotplugHandler.class)
@Handler(phase = Phase.ADD_VALIDATE, order = Order.ADD_VALIDATE_CPU, kinds = Kind.ONLINE)
public final class CpuOnlineValidate implements HotplugHandler {

    private final MachineView view;

    @Activate
    public CpuOnlineValidate(@Reference MachineView view) {
        this.view = view;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        Topology t = view.topology();
        List<Integer> coming = new ArrayList<>();
        List<Integer> already = new ArrayList<>();
        for (int id : Cpus.targets(context)) {
            (Cpus.requirePresent(t, id).online() ? already : coming).add(id);
        }
        if (!coming.isEmpty()) {
            context.note(Cpus.list(coming) + " can come online");
        }
        if (!already.isEmpty()) {
            context.note(Cpus.list(already) + " online already");
        }
    }
}
