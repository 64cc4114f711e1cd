package org.sysplug.resource.node;

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
 * ADD_VALIDATE 50, online requests: may these {@code nodeN} targets come online? Each must be a
 * possible node (ENODEV otherwise, as {@link NodeAdd} would find); one online already is noted.
 * It takes the targets, so a dry run of an online request answers here, and changes nothing.
 */
@Component(name = "node.online.validate", service = HotplugHandler.class)
@Handler(phase = Phase.ADD_VALIDATE, order = Order.ADD_VALIDATE_NODE, kinds = Kind.ONLINE)
public final class NodeOnlineValidate implements HotplugHandler {

    private final MachineView view;

    @Activate
    public NodeOnlineValidate(@Reference MachineView view) {
        this.view = view;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        Topology t = view.topology();
        List<Integer> coming = new ArrayList<>();
        List<Integer> already = new ArrayList<>();
        for (int node : NodeScope.targetNodes(context)) {
            NodeScope.requirePossible(t, node);
            (NodeScope.isOnline(t, node) ? already : coming).add(node);
        }
        if (!coming.isEmpty()) {
            context.note(NodeScope.list("node", coming) + " can come online");
        }
        if (!already.isEmpty()) {
            context.note(NodeScope.list("node", already) + " online already");
        }
    }
}
