package org.sysplug.resource.memory;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Zone;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;

/**
 * DELETE_VALIDATE 110: can the memory go? Changes nothing.
 *
 * <p>Hot-remove: every block of each of the request's ranges exists (a range not added at all
 * is skipped: there is nothing to remove); with {@code movable.only}, every online block is in
 * ZONE_MOVABLE (EPERM otherwise); no online block holds pages the kernel cannot move (EBUSY).
 * Offline request: every {@code memoryN} target exists (ENODEV), is online (EINVAL) and holds no
 * unmovable pages (EBUSY).
 */
@Component(name = "memory.validate", service = HotplugHandler.class, configurationPid = MemorySettings.PID)
@Handler(phase = Phase.DELETE_VALIDATE, order = Order.DELETE_VALIDATE_MEMORY, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class MemoryValidate implements HotplugHandler {

    private final MachineView view;
    private volatile MemorySettings settings;

    @Activate
    public MemoryValidate(@Reference MachineView view, MemoryConfig config) {
        this(view, MemorySettings.of(config));
    }

    MemoryValidate(MachineView view, MemorySettings settings) {
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
    public void apply(RequestContext context) throws HotplugException {
        Topology t = view.topology();
        if (context.request().operation().kind() == Kind.HOTPLUG) {
            boolean movableOnly = settings.movableOnly();
            for (MemoryResource r : context.resources(MemoryResource.class)) {
                validateRange(context, t, r, movableOnly);
            }
        } else {
            java.util.Map<Integer, MemoryBlock> blocks = Blocks.index(t.memory());
            for (int id : Blocks.targets(context)) {
                validateOffline(blocks.get(id), id);
            }
        }
    }

    private static void validateRange(RequestContext context, Topology t, MemoryResource r, boolean movableOnly)
            throws HotplugException {
        long bs = t.blockSize();
        String range = Blocks.describe(r.start(), r.size());
        if (r.start() % bs != 0 || r.size() % bs != 0) {
            throw new HotplugException(HotplugException.EINVAL, r.device(), "memory range " + range
                    + " is not aligned to the block size " + Blocks.size(bs) + ": it cannot be removed in whole blocks");
        }
        List<MemoryBlock> present = t.blocks(r.start(), r.size());
        if (present.isEmpty()) {
            context.note(r.device() + ": " + range + " is not added: nothing to remove");
            return;
        }
        int first = (int) (r.start() / bs);
        int last = (int) ((r.end() - 1) / bs);
        if (present.size() != last - first + 1) {
            java.util.Set<Integer> there = Blocks.index(present).keySet();
            List<Integer> missing = new java.util.ArrayList<>();
            for (int id = first; id <= last; id++) {
                if (!there.contains(id)) {
                    missing.add(id);
                }
            }
            throw new HotplugException(HotplugException.EINVAL, r.device(), "memory range " + range
                    + " is only partly added: " + Blocks.list(missing) + " do not exist; memory is removed by the "
                    + "ranges it was added in");
        }
        List<MemoryBlock> online = present.stream().filter(MemoryBlock::online).toList();
        if (movableOnly) {
            List<MemoryBlock> kernelZone = online.stream().filter(b -> b.zone() != Zone.MOVABLE).toList();
            if (!kernelZone.isEmpty()) {
                throw new HotplugException(HotplugException.EPERM, Blocks.name(kernelZone.get(0).id()), r.device()
                        + ": " + Blocks.list(kernelZone) + " of " + range + " are online outside ZONE_MOVABLE, and "
                        + "movable.only allows removing movable memory only: offline them first, or set movable.only "
                        + "to false in " + MemorySettings.PID);
            }
        }
        List<MemoryBlock> unmovable = online.stream().filter(b -> !b.removable()).toList();
        if (!unmovable.isEmpty()) {
            throw new HotplugException(HotplugException.EBUSY, Blocks.name(unmovable.get(0).id()), r.device() + ": "
                    + Blocks.list(unmovable) + " of " + range + " hold unmovable pages: the kernel cannot offline "
                    + "them, so the range cannot be removed");
        }
        context.note(r.device() + ": " + Blocks.list(present) + " can go (" + online.size() + " online)");
    }

    private static void validateOffline(MemoryBlock b, int id) throws HotplugException {
        String name = Blocks.name(id);
        if (b == null) {
            throw new HotplugException(HotplugException.ENODEV, name, name + " does not exist");
        }
        if (!b.online()) {
            throw new HotplugException(HotplugException.EINVAL, name, name + " is already offline");
        }
        if (!b.removable()) {
            throw new HotplugException(HotplugException.EBUSY, name, name + " holds unmovable pages: the kernel "
                    + "cannot migrate them, so it cannot go offline; choose a block of movable memory");
        }
    }
}
