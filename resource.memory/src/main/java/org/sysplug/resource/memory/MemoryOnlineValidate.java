package org.sysplug.resource.memory;

import java.util.List;
import java.util.Optional;

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
import org.sysplug.framework.Zone;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;

/**
 * ADD_VALIDATE 100, online requests: may these {@code memoryN} targets come online, in the
 * requested {@code zone} if there is one? The same checks as {@link MemoryAdd} makes before it
 * changes anything (the block exists, its {@code valid_zones} allow the zone, a bad zone is
 * EINVAL). It takes the targets, so a dry run of an online request answers here, and it changes
 * nothing: the execute handler checks again on the machine as it is then.
 */
@Component(name = "memory.online.validate", service = HotplugHandler.class)
@Handler(phase = Phase.ADD_VALIDATE, order = Order.ADD_VALIDATE_MEMORY, kinds = Kind.ONLINE)
public final class MemoryOnlineValidate implements HotplugHandler {

    private final MachineView view;

    @Activate
    public MemoryOnlineValidate(@Reference MachineView view) {
        this.view = view;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        List<Integer> targets = Blocks.targets(context);
        if (targets.isEmpty()) {
            return;
        }
        Optional<Zone> zone = MemoryAdd.requestedZone(context);
        // a binary search per target: indexing all 32,768 blocks of a large machine cost more than the checks
        Topology t = view.topology();
        List<Integer> plan = MemoryAdd.onlinePlan(context, targets, zone, id -> t.block(id).orElse(null));
        if (!plan.isEmpty()) {
            context.note(Blocks.list(plan) + " can come online" + zone.map(z -> " in " + z.sysfsName()).orElse(""));
        }
    }
}
