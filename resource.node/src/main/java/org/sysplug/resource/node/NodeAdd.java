package org.sysplug.resource.node;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.NodePort;
import org.sysplug.platform.Topology;

/**
 * ADD_EXECUTE 50: brings the request's nodes online before their memory (100) and CPUs (110)
 * arrive — for a hot-add the nodes of its NodeResources, for an online request its
 * {@code nodeN} targets. Remembers exactly the nodes it brought up; rollback takes exactly
 * those offline again (unless the kernel already has). A node that was online already, with
 * nothing on it (an online request brought it up), is brought online again by rollback if the
 * kernel took it offline meanwhile: the rollback of the memory or CPUs added to it removed its
 * last resource, and the kernel offlines a node with its last resource (try_offline_node).
 */
@Component(name = "node.add", service = HotplugHandler.class)
@Handler(phase = Phase.ADD_EXECUTE, order = Order.ADD_EXECUTE_NODE, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class NodeAdd implements HotplugHandler {

    private static final String ONLINED = "onlined";
    private static final String ONLINE_BEFORE = "online.before";

    private final NodePort nodes;
    private final MachineView view;

    @Activate
    public NodeAdd(@Reference NodePort nodes, @Reference MachineView view) {
        this.nodes = nodes;
        this.view = view;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        List<Integer> requested = NodeScope.requested(context);
        Topology t = view.topology();
        for (int node : requested) {
            NodeScope.requirePossible(t, node);
        }
        List<Integer> onlined = new ArrayList<>();
        List<Integer> onlineBefore = new ArrayList<>();
        context.memo().put(ONLINED, onlined);
        context.memo().put(ONLINE_BEFORE, onlineBefore);
        for (int node : requested) {
            if (NodeScope.isOnline(view.topology(), node)) {
                onlineBefore.add(node);
                context.note(NodeScope.name(node) + " is online already");
                continue;
            }
            try {
                nodes.online(node);
            } catch (HotplugException e) {
                undo(context, onlined, e);
                throw e;
            }
            onlined.add(node);
            context.changed(DeviceChange.of(DeviceChange.Type.ONLINE, "node", node, node));
            context.note(NodeScope.name(node) + " brought online");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void rollback(RequestContext context) throws HotplugException {
        List<Integer> onlined = (List<Integer>) context.memo().getOrDefault(ONLINED, List.of());
        HotplugException first = null;
        for (int i = onlined.size() - 1; i >= 0; i--) {
            int node = onlined.get(i);
            if (!NodeScope.isOnline(view.topology(), node)) {
                context.note(NodeScope.name(node) + " is offline already (the kernel took it offline with its last resource)");
                continue;
            }
            try {
                nodes.offline(node);
                context.note(NodeScope.name(node) + " taken offline again");
            } catch (HotplugException e) {
                first = first == null ? e : first;
            }
        }
        List<Integer> onlineBefore = (List<Integer>) context.memo().getOrDefault(ONLINE_BEFORE, List.of());
        for (int node : onlineBefore) {
            if (NodeScope.isOnline(view.topology(), node)) {
                continue;
            }
            try {
                nodes.online(node);
                context.note(NodeScope.name(node) + " brought online again (it was online before the request; the "
                        + "kernel took it offline with the last resource the rollback removed)");
            } catch (HotplugException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A failed apply leaves nothing behind: the nodes it brought up go offline again. */
    private void undo(RequestContext context, List<Integer> onlined, HotplugException cause) {
        // a cancel may have interrupted this thread: the undo itself must not be cut short
        boolean interrupted = Thread.interrupted();
        try {
            for (int i = onlined.size() - 1; i >= 0; i--) {
                int node = onlined.get(i);
                try {
                    nodes.offline(node);
                } catch (HotplugException e) {
                    cause.addSuppressed(e);
                    context.note("undo failed: " + e.describe() + "; " + NodeScope.name(node) + " may be left online");
                }
            }
            onlined.clear();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
