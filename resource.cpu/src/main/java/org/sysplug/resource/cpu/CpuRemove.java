package org.sysplug.resource.cpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
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
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;
import org.sysplug.resource.cpu.Cpus.Registration;

/**
 * DELETE_EXECUTE 10, first: CPUs go before their memory (20) and node (30).
 *
 * <p>Hot-remove: takes the request's online CPUs offline, then unregisters every present one
 * (CPUs offline already, or not present, are skipped for that step). Offline request: takes
 * the online {@code cpuN} targets offline. The request's cancellation is checked between CPUs.
 * Rollback, and a failure part-way, re-register exactly the CPUs it unregistered (same APIC id
 * and node) and bring back online exactly those it took offline.
 */
@Component(name = "cpu.remove", service = HotplugHandler.class)
@Handler(phase = Phase.DELETE_EXECUTE, order = Order.DELETE_EXECUTE_CPU, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class CpuRemove extends ReversibleHandler<CpuRemove.Work> {

    /** What apply changed: exactly this is undone. */
    static final class Work {
        final List<Integer> offlined = new ArrayList<>();
        final List<Registration> unregistered = new ArrayList<>();
    }

    private final CpuPort cpus;
    private final MachineView view;

    @Activate
    public CpuRemove(@Reference CpuPort cpus, @Reference MachineView view) {
        this.cpus = cpus;
        this.view = view;
    }

    @Override
    protected Work newWork() {
        return new Work();
    }

    @Override
    protected void forward(RequestContext context, Work work) throws HotplugException {
        Topology t = view.topology();
        boolean hotplug = context.request().operation().kind() == Kind.HOTPLUG;
        List<CpuInfo> going = new ArrayList<>();
        if (hotplug) {
            going.addAll(Cpus.presentResources(context, t));
        } else {
            for (int id : Cpus.targets(context)) {
                going.add(Cpus.requirePresent(t, id));
            }
        }
        long online = going.stream().filter(CpuInfo::online).count();
        for (CpuInfo c : going) {
            if (!c.online()) {
                continue;
            }
            context.checkCancelled();
            cpus.offline(c.id());
            work.offlined.add(c.id());
            context.changed(DeviceChange.of(DeviceChange.Type.OFFLINE, "cpu", c.id(), c.node()));
            context.progress(work.offlined.size(), (int) online);
        }
        if (!work.offlined.isEmpty()) {
            context.note("offlined " + Cpus.list(work.offlined));
        }
        if (hotplug) {
            for (CpuInfo c : going) {
                context.checkCancelled();
                cpus.unregister(c.id());
                work.unregistered.add(new Registration(c.id(), c.apicId(), c.node()));
                context.changed(DeviceChange.of(DeviceChange.Type.REMOVED, "cpu", c.id(), c.node()));
            }
            if (!going.isEmpty()) {
                context.note("unregistered " + Cpus.list(going.stream().map(CpuInfo::id).toList()));
            }
            // the kernel takes a node offline with its last CPU: a change this request made too
            Topology after = view.topology();
            going.stream().map(CpuInfo::node).distinct()
                    .filter(n -> t.node(n).map(NodeInfo::online).orElse(false))
                    .filter(n -> !after.node(n).map(NodeInfo::online).orElse(false))
                    .forEach(n -> context.changed(DeviceChange.of(DeviceChange.Type.OFFLINE, "node", n, n)));
        }
    }

    @Override
    protected String undone(Work work) {
        return "re-registered " + work.unregistered.size() + " and re-onlined " + work.offlined.size() + " CPU(s)";
    }

    /**
     * Re-registers what this handler unregistered, lowest logical id first (the kernel hands out
     * the lowest free id), then brings back online what it took offline; returns what failed.
     */
    @Override
    protected List<HotplugException> undo(Work work) {
        List<HotplugException> errors = new ArrayList<>();
        Map<Integer, Integer> newIds = new HashMap<>();
        List<Registration> back = new ArrayList<>(work.unregistered);
        back.sort(Comparator.comparingInt(Registration::cpu));
        for (Registration r : back) {
            try {
                int cpu = cpus.register(r.apicId(), r.node());
                newIds.put(r.cpu(), cpu);
                if (cpu != r.cpu()) {
                    errors.add(new HotplugException(HotplugException.EIO, Cpus.name(r.cpu()), "APIC " + r.apicId()
                            + " was " + Cpus.name(r.cpu()) + " but registered again as " + Cpus.name(cpu)
                            + ": the kernel gave it another logical id"));
                }
            } catch (HotplugException e) {
                errors.add(e);
            }
        }
        Topology t = view.topology();
        for (int i = work.offlined.size() - 1; i >= 0; i--) {
            int was = work.offlined.get(i);
            boolean unregistered = back.stream().anyMatch(r -> r.cpu() == was);
            if (unregistered && !newIds.containsKey(was)) {
                continue; // it did not come back: its error is recorded above
            }
            int cpu = newIds.getOrDefault(was, was);
            CpuInfo now = t.cpu(cpu).orElse(null);
            if (now == null || !now.present() || now.online()) {
                continue;
            }
            try {
                cpus.online(cpu);
            } catch (HotplugException e) {
                errors.add(e);
            }
        }
        return errors;
    }
}
