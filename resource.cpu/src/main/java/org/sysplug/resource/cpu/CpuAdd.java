package org.sysplug.resource.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.ReversibleHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.CpuPort;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.resource.cpu.Cpus.Registration;

/**
 * ADD_EXECUTE 110, last: CPUs come up after their node (50) and memory (100), so they start
 * with local memory.
 *
 * <p>Hot-add: registers each processor the request describes that the kernel does not know yet
 * (its APIC id on its node), then brings it online. Unlike the RFC, a CPU that fails to come
 * online fails the request. Online request: brings the {@code cpuN} targets online; each must
 * be present. It remembers exactly what it registered and onlined; rollback, and a failure
 * part-way, take exactly those offline and unregister them.
 */
@Component(name = "cpu.add", service = HotplugHandler.class)
@Handler(phase = Phase.ADD_EXECUTE, order = Order.ADD_EXECUTE_CPU, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class CpuAdd extends ReversibleHandler<CpuAdd.Work> {

    /** What apply changed: exactly this is undone. */
    static final class Work {
        final List<Registration> registered = new ArrayList<>();
        final List<Integer> onlined = new ArrayList<>();
    }

    private final CpuPort cpus;
    private final MachineView view;

    @Activate
    public CpuAdd(@Reference CpuPort cpus, @Reference MachineView view) {
        this.cpus = cpus;
        this.view = view;
    }

    @Override
    protected Work newWork() {
        return new Work();
    }

    @Override
    protected void forward(RequestContext context, Work work) throws HotplugException {
        if (context.request().operation().kind() == Kind.HOTPLUG) {
            hotAdd(context, work);
        } else {
            onlineTargets(context, work);
        }
    }

    @Override
    protected String undone(Work work) {
        return "offlined " + work.onlined.size() + " and unregistered " + work.registered.size() + " CPU(s)";
    }

    private void hotAdd(RequestContext context, Work work) throws HotplugException {
        Topology t = view.topology();
        List<CpuResource> described = context.resources(CpuResource.class);
        int seen = 0;
        for (CpuResource r : described) {
            context.checkCancelled();
            context.progress(seen++, described.size());
            Optional<CpuInfo> known = Cpus.present(t, r);
            if (known.isPresent()) {
                context.note(r.device() + " (APIC " + r.apicId() + ") is registered already as "
                        + Cpus.name(known.get().id()) + ": left as it is");
                continue;
            }
            int cpu = cpus.register(r.apicId(), r.node());
            work.registered.add(new Registration(cpu, r.apicId(), r.node()));
            context.changed(DeviceChange.of(DeviceChange.Type.ADDED, "cpu", cpu, r.node()));
            cpus.online(cpu);
            work.onlined.add(cpu);
            context.changed(DeviceChange.of(DeviceChange.Type.ONLINE, "cpu", cpu, r.node()));
            context.note(r.device() + " (APIC " + r.apicId() + ", node" + r.node() + ") is " + Cpus.name(cpu) + ", online");
        }
    }

    private void onlineTargets(RequestContext context, Work work) throws HotplugException {
        Topology t = view.topology();
        List<CpuInfo> plan = new ArrayList<>();
        // check every target before changing anything
        for (int id : Cpus.targets(context)) {
            CpuInfo c = Cpus.requirePresent(t, id);
            if (c.online()) {
                context.note(Cpus.name(id) + " is online already");
            } else {
                plan.add(c);
            }
        }
        for (CpuInfo c : plan) {
            context.checkCancelled();
            cpus.online(c.id());
            work.onlined.add(c.id());
            context.changed(DeviceChange.of(DeviceChange.Type.ONLINE, "cpu", c.id(), c.node()));
            context.progress(work.onlined.size(), plan.size());
        }
        if (!plan.isEmpty()) {
            context.note(Cpus.list(plan.stream().map(CpuInfo::id).toList()) + " online");
        }
    }

    /** Offlines the CPUs this handler onlined, then unregisters those it registered; returns what failed. */
    @Override
    protected List<HotplugException> undo(Work work) {
        List<HotplugException> errors = new ArrayList<>();
        Topology t = view.topology();
        for (int i = work.onlined.size() - 1; i >= 0; i--) {
            int cpu = work.onlined.get(i);
            if (!t.cpu(cpu).map(CpuInfo::online).orElse(false)) {
                continue;
            }
            try {
                cpus.offline(cpu);
            } catch (HotplugException e) {
                errors.add(e);
            }
        }
        for (int i = work.registered.size() - 1; i >= 0; i--) {
            Registration r = work.registered.get(i);
            CpuInfo now = t.cpu(r.cpu()).orElse(null);
            if (now == null || !now.present() || now.apicId() != r.apicId()) {
                continue;
            }
            try {
                cpus.unregister(r.cpu());
            } catch (HotplugException e) {
                errors.add(e);
            }
        }
        return errors;
    }
}
