package org.sysplug.resource.memory;

import java.util.ArrayList;
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
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.Topology;
import org.sysplug.resource.memory.Blocks.Block;
import org.sysplug.resource.memory.Blocks.Range;

/**
 * DELETE_EXECUTE 20, after the CPUs (10) and before the node (30).
 *
 * <p>Hot-remove: offlines every online block of the request's ranges, remembering each block's
 * zone, then removes the ranges; blocks already offline and ranges not added are skipped.
 * Offline request: offlines the online {@code memoryN} targets.
 *
 * <p>Offlining migrates pages and can take long: the request's cancellation is checked between
 * blocks. A failure or cancel part-way undoes this handler's own work first. Rollback re-adds
 * the ranges it removed and re-onlines exactly the blocks it offlined, each in the zone it was in.
 */
@Component(name = "memory.remove", service = HotplugHandler.class)
@Handler(phase = Phase.DELETE_EXECUTE, order = Order.DELETE_EXECUTE_MEMORY, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class MemoryRemove extends ReversibleHandler<MemoryRemove.Work> {

    /** What apply changed: exactly this is undone. */
    static final class Work {
        final List<Block> offlined = new ArrayList<>();
        final List<Range> removed = new ArrayList<>();
    }

    private final MemoryPort memory;
    private final MachineView view;

    @Activate
    public MemoryRemove(@Reference MemoryPort memory, @Reference MachineView view) {
        this.memory = memory;
        this.view = view;
    }

    @Override
    protected Work newWork() {
        return new Work();
    }

    @Override
    protected void forward(RequestContext context, Work work) throws HotplugException {
        if (context.request().operation().kind() == Kind.HOTPLUG) {
            hotRemove(context, work);
        } else {
            offlineTargets(context, work);
        }
    }

    @Override
    protected String undone(Work work) {
        return "re-added " + work.removed.size() + " range(s) and re-onlined " + work.offlined.size()
                + " block(s) in their zones";
    }

    private void hotRemove(RequestContext context, Work work) throws HotplugException {
        Topology t = view.topology();
        List<Range> ranges = new ArrayList<>();
        List<MemoryBlock> toOffline = new ArrayList<>();
        for (MemoryResource r : context.resources(MemoryResource.class)) {
            List<MemoryBlock> present = t.blocks(r.start(), r.size());
            if (present.isEmpty()) {
                context.note(r.device() + ": " + Blocks.describe(r.start(), r.size()) + " is not added: nothing to do");
                continue;
            }
            ranges.add(new Range(r.start(), r.size(), present.get(0).node()));
            present.stream().filter(MemoryBlock::online).forEach(toOffline::add);
        }
        offline(context, work, toOffline);
        for (Range r : ranges) {
            context.checkCancelled();
            memory.remove(r.start(), r.size());
            work.removed.add(r);
            context.note("removed " + r);
            Blocks.changed(context, DeviceChange.Type.REMOVED, t.blocks(r.start(), r.size()));
        }
        // the kernel takes a node offline with its last memory: a change this request made too
        Topology after = view.topology();
        ranges.stream().map(Range::node).distinct()
                .filter(n -> t.node(n).map(NodeInfo::online).orElse(false))
                .filter(n -> !after.node(n).map(NodeInfo::online).orElse(false))
                .forEach(n -> context.changed(DeviceChange.of(DeviceChange.Type.OFFLINE, "node", n, n)));
    }

    private void offlineTargets(RequestContext context, Work work) throws HotplugException {
        Map<Integer, MemoryBlock> t = Blocks.index(view.topology().memory());
        List<MemoryBlock> toOffline = new ArrayList<>();
        for (int id : Blocks.targets(context)) {
            MemoryBlock b = t.get(id);
            if (b == null) {
                throw new HotplugException(HotplugException.ENODEV, Blocks.name(id), Blocks.name(id) + " does not exist");
            }
            if (b.online()) {
                toOffline.add(b);
            } else {
                context.note(Blocks.name(id) + " is offline already");
            }
        }
        offline(context, work, toOffline);
    }

    private void offline(RequestContext context, Work work, List<MemoryBlock> blocks) throws HotplugException {
        for (MemoryBlock b : blocks) {
            context.checkCancelled();
            memory.offline(b.id());
            work.offlined.add(new Block(b.id(), b.zone()));
            context.progress(work.offlined.size(), blocks.size());
        }
        if (!blocks.isEmpty()) {
            context.note("offlined " + Blocks.list(blocks));
            Blocks.changed(context, DeviceChange.Type.OFFLINE, blocks);
        }
    }

    /** Re-adds the ranges this handler removed, then re-onlines the blocks it offlined in their zones; returns what failed. */
    @Override
    protected List<HotplugException> undo(Work work) {
        List<HotplugException> errors = new ArrayList<>();
        for (int i = work.removed.size() - 1; i >= 0; i--) {
            Range r = work.removed.get(i);
            try {
                memory.add(r.start(), r.size(), r.node());
            } catch (HotplugException e) {
                errors.add(e);
            }
        }
        Map<Integer, MemoryBlock> t = Blocks.index(view.topology().memory());
        for (int i = work.offlined.size() - 1; i >= 0; i--) {
            Block b = work.offlined.get(i);
            MemoryBlock now = t.get(b.id());
            if (now != null && now.online()) {
                continue;
            }
            try {
                memory.online(b.id(), OnlineType.into(b.zone()));
            } catch (HotplugException e) {
                errors.add(e);
            }
        }
        return errors;
    }
}
