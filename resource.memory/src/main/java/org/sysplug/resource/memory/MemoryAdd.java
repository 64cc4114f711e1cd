package org.sysplug.resource.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.ReversibleHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Zone;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.resource.memory.Blocks.Range;

/**
 * ADD_EXECUTE 100, after the node (50) and before the CPUs (110), so new CPUs start with local
 * memory.
 *
 * <p>Hot-add: adds each of the request's memory ranges to its node, then onlines the new blocks
 * by the configured {@code online.policy} — or into the range's own zone when the request names
 * one. Online request: onlines the {@code memoryN} targets into the zone of the request
 * parameter {@code zone} ({@code movable} or {@code kernel}; without it, by the policy), after
 * checking every target against its {@code valid_zones} before changing anything.
 *
 * <p>It remembers exactly the ranges it added and the blocks it onlined; rollback offlines those
 * blocks and removes those ranges. A failure part-way (or a cancel, checked between blocks)
 * undoes this handler's own work before it reports the failure.
 */
@Component(name = "memory.add", service = HotplugHandler.class, configurationPid = MemorySettings.PID)
@Designate(ocd = MemoryConfig.class)
@Handler(phase = Phase.ADD_EXECUTE, order = Order.ADD_EXECUTE_MEMORY, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class MemoryAdd extends ReversibleHandler<MemoryAdd.Work> {

    /** What apply changed: exactly this is undone. */
    static final class Work {
        final List<Range> added = new ArrayList<>();
        final List<Integer> onlined = new ArrayList<>();
    }

    private final MemoryPort memory;
    private final MachineView view;
    private volatile MemorySettings settings;

    @Activate
    public MemoryAdd(@Reference MemoryPort memory, @Reference MachineView view, MemoryConfig config) {
        this(memory, view, MemorySettings.of(config));
    }

    MemoryAdd(MemoryPort memory, MachineView view, MemorySettings settings) {
        this.memory = memory;
        this.view = view;
        this.settings = settings;
    }

    @Modified
    void modified(MemoryConfig config) {
        settings = MemorySettings.of(config);
    }

    MemorySettings settings() {
        return settings;
    }

    @Override
    protected Work newWork() {
        return new Work();
    }

    @Override
    protected void forward(RequestContext context, Work work) throws HotplugException {
        MemorySettings current = settings;
        if (context.request().operation().kind() == Kind.HOTPLUG) {
            hotAdd(context, current, work);
        } else {
            onlineTargets(context, current, work);
        }
    }

    @Override
    protected String undone(Work work) {
        return "offlined " + work.onlined.size() + " block(s) and removed " + work.added.size() + " range(s)";
    }

    private void hotAdd(RequestContext context, MemorySettings current, Work work) throws HotplugException {
        List<MemoryResource> ranges = context.resources(MemoryResource.class);
        // the policy is checked only when it decides something, before anything changes
        OnlinePolicy policy = ranges.stream().anyMatch(r -> r.zone() == Zone.UNSPECIFIED) ? current.policy() : null;
        List<Integer> addedIds = new ArrayList<>();
        long blockSize = view.topology().blockSize();
        int total = (int) ranges.stream().mapToLong(r -> blockSize > 0 ? r.size() / blockSize : 0).sum();
        for (MemoryResource r : ranges) {
            context.checkCancelled();
            List<Integer> ids = memory.add(r.start(), r.size(), r.node());
            work.added.add(new Range(r.start(), r.size(), r.node()));
            addedIds.addAll(ids);
            if (r.zone() == Zone.UNSPECIFIED && policy == OnlinePolicy.OFFLINE) {
                context.note(Blocks.list(ids) + " added to node" + r.node() + " from " + r.device()
                        + ", left offline (online.policy offline)");
                continue;
            }
            Map<Integer, MemoryBlock> added = Blocks.index(view.topology().blocks(r.start(), r.size()));
            for (int id : ids) {
                context.checkCancelled();
                if (r.zone() != Zone.UNSPECIFIED) {
                    memory.online(id, OnlineType.into(r.zone()));
                } else {
                    online(id, policy, added);
                }
                work.onlined.add(id);
                context.progress(work.onlined.size(), total);
            }
            context.note(Blocks.list(ids) + " added to node" + r.node() + " from " + r.device() + ", online in "
                    + zonesOf(ids));
        }
        Map<Integer, MemoryBlock> now = Blocks.index(view.topology().memory());
        Blocks.changed(context, DeviceChange.Type.ADDED, addedIds, now);
        Blocks.changed(context, DeviceChange.Type.ONLINE, work.onlined, now);
    }

    private void onlineTargets(RequestContext context, MemorySettings current, Work work) throws HotplugException {
        List<Integer> targets = Blocks.targets(context);
        if (targets.isEmpty()) {
            return;
        }
        Optional<Zone> zone = requestedZone(context);
        OnlinePolicy policy = zone.isEmpty() ? current.policy() : null;
        Map<Integer, MemoryBlock> t = Blocks.index(view.topology().memory());
        List<Integer> plan = onlinePlan(context, targets, zone, t::get);
        for (int id : plan) {
            context.checkCancelled();
            if (zone.isPresent()) {
                memory.online(id, OnlineType.into(zone.get()));
            } else {
                online(id, policy == OnlinePolicy.OFFLINE ? OnlinePolicy.ONLINE : policy, t);
            }
            work.onlined.add(id);
            context.progress(work.onlined.size(), plan.size());
        }
        if (!plan.isEmpty()) {
            context.note(Blocks.list(plan) + " online in " + zonesOf(plan));
            Blocks.changed(context, DeviceChange.Type.ONLINE, plan, Blocks.index(view.topology().memory()));
        }
    }

    /**
     * The blocks of an online request that are to go online, every target checked before anything
     * changes: ENODEV for a block that does not exist, EINVAL for one whose {@code valid_zones}
     * leave out the requested zone; one online in that zone already is noted and left out. The
     * online validate handler asks the same, so that a dry run answers as the request would.
     */
    static List<Integer> onlinePlan(RequestContext context, List<Integer> targets, Optional<Zone> zone,
            IntFunction<MemoryBlock> blocks) throws HotplugException {
        List<Integer> plan = new ArrayList<>();
        for (int id : targets) {
            MemoryBlock b = blocks.apply(id);
            if (b == null) {
                throw new PortException(Errno.ENODEV, Blocks.name(id), Blocks.name(id)
                        + " does not exist: add the memory that holds it first (hot-add its device)");
            }
            if (b.online() && (zone.isEmpty() || zone.get() == b.zone())) {
                context.note(Blocks.name(id) + " is online in " + b.zone().sysfsName() + " already");
                continue;
            }
            if (zone.isPresent() && !b.validZones().contains(zone.get())) {
                throw new PortException(Errno.EINVAL, Blocks.name(id), Blocks.name(id) + " cannot go online in "
                        + zone.get().sysfsName() + ": its valid_zones are " + Blocks.zones(b.validZones())
                        + (b.online() ? " (it is online; offline it first to move it)" : "")
                        + "; nothing was changed");
            }
            plan.add(id);
        }
        return plan;
    }

    /** The request parameter {@code zone}: movable or kernel; EINVAL for anything else. */
    static Optional<Zone> requestedZone(RequestContext context) throws HotplugException {
        Optional<String> text = context.request().parameter("zone");
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        Zone zone;
        try {
            zone = Zone.parse(text.get());
        } catch (IllegalArgumentException e) {
            zone = null;
        }
        if (zone != Zone.MOVABLE && zone != Zone.NORMAL) {
            throw new HotplugException(HotplugException.EINVAL, null, "zone '" + text.get()
                    + "' cannot be chosen: use movable or kernel, or no zone to let online.policy decide");
        }
        return Optional.of(zone);
    }

    /**
     * Onlines a block by a policy other than offline. For online_movable the block's
     * {@code valid_zones} decide: those of the snapshot taken when the range was added (onlining
     * neighbours into Movable does not take Movable away), checked again only if the kernel
     * refuses Movable after all.
     */
    private void online(int id, OnlinePolicy policy, Map<Integer, MemoryBlock> snapshot) throws HotplugException {
        switch (policy) {
            case ONLINE, OFFLINE -> memory.online(id, OnlineType.ONLINE);
            case ONLINE_KERNEL -> memory.online(id, OnlineType.ONLINE_KERNEL);
            case ONLINE_MOVABLE -> {
                if (!movableValid(snapshot, id)) {
                    memory.online(id, OnlineType.ONLINE);
                    return;
                }
                try {
                    memory.online(id, OnlineType.ONLINE_MOVABLE);
                } catch (PortException e) {
                    if (e.errno() != Errno.EINVAL || movableValid(view.topology(), id)) {
                        throw e;
                    }
                    // valid_zones changed under the snapshot: Movable is no longer allowed
                    memory.online(id, OnlineType.ONLINE);
                }
            }
        }
    }

    private static boolean movableValid(Map<Integer, MemoryBlock> snapshot, int id) {
        MemoryBlock b = snapshot.get(id);
        return b != null && b.validZones().contains(Zone.MOVABLE);
    }

    private static boolean movableValid(Topology t, int id) {
        return t.block(id).map(b -> b.validZones().contains(Zone.MOVABLE)).orElse(false);
    }

    /** {@code Movable memory136-151} or {@code Normal memory8-9, Movable memory10}: where the blocks went. */
    private String zonesOf(List<Integer> ids) {
        Map<Integer, MemoryBlock> t = Blocks.index(view.topology().memory());
        Map<Zone, List<Integer>> byZone = new LinkedHashMap<>();
        for (int id : ids) {
            MemoryBlock b = t.get(id);
            if (b != null) {
                byZone.computeIfAbsent(b.zone(), z -> new ArrayList<>()).add(id);
            }
        }
        List<String> parts = new ArrayList<>();
        byZone.forEach((z, list) -> parts.add(z.sysfsName() + " " + Blocks.list(list)));
        return String.join(", ", parts);
    }

    /** Offlines the blocks this handler onlined, then removes the ranges it added; returns what failed. */
    @Override
    protected List<HotplugException> undo(Work work) {
        List<HotplugException> errors = new ArrayList<>();
        Topology t = view.topology();
        Map<Integer, MemoryBlock> blocks = Blocks.index(t.memory());
        for (int i = work.onlined.size() - 1; i >= 0; i--) {
            int id = work.onlined.get(i);
            MemoryBlock b = blocks.get(id);
            if (b == null || !b.online()) {
                continue;
            }
            try {
                memory.offline(id);
            } catch (HotplugException e) {
                errors.add(e);
            }
        }
        for (int i = work.added.size() - 1; i >= 0; i--) {
            Range r = work.added.get(i);
            if (t.blocks(r.start(), r.size()).isEmpty()) {
                continue;
            }
            try {
                memory.remove(r.start(), r.size());
            } catch (HotplugException e) {
                errors.add(e);
            }
        }
        return errors;
    }
}
