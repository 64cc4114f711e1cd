package org.sysplug.resource.node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.NodePort;
import org.sysplug.platform.Topology;

/**
 * DELETE_EXECUTE 30, after CPUs (10) and memory (20) have gone: takes the request's nodes
 * offline. For a hot-remove these are the nodes of its NodeResources; the kernel usually took
 * a node offline already with its last CPU or memory block, and then there is nothing to do.
 * A departing node that still holds something is refused (EBUSY): the firmware must not eject
 * it from under the OS. For an offline request, the {@code nodeN} targets go offline. Rollback
 * brings back exactly the nodes this handler took offline.
 */
@Component(name = "node.remove", service = HotplugHandler.class)
@Handler(phase = Phase.DELETE_EXECUTE, order = Order.DELETE_EXECUTE_NODE, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class NodeRemove implements HotplugHandler {

    private static final String OFFLINED = "offlined";

    private final NodePort nodes;
    private final MachineView view;

    @Activate
    public NodeRemove(@Reference NodePort nodes, @Reference MachineView view) {
        this.nodes = nodes;
        this.view = view;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        List<Integer> offlined = new ArrayList<>();
        context.memo().put(OFFLINED, offlined);
        boolean hotplug = context.request().operation().kind() == Kind.HOTPLUG;
        Set<Integer> departing = new HashSet<>();
        if (hotplug) {
            NodeScope.departing(context).stream().map(NodeResource::node).forEach(departing::add);
        }
        List<Integer> requested = NodeScope.requested(context);
        // check every node before changing any
        Topology t = view.topology();
        for (int node : requested) {
            if (!hotplug) {
                NodeScope.requirePossible(t, node);
            }
            String holds = NodeScope.holdings(t, node);
            if (NodeScope.isOnline(t, node) && !holds.isEmpty() && (!hotplug || departing.contains(node))) {
                throw new HotplugException(HotplugException.EBUSY, NodeScope.name(node), NodeScope.name(node)
                        + " still has " + holds + (hotplug
                                ? ": this request should have taken them (is every resource module installed?); "
                                        + "the node stays and nothing is ejected"
                                : ": offline and remove its CPUs and memory first, then the node can go offline"));
            }
        }
        for (int node : requested) {
            Topology now = view.topology();
            if (now.node(node).isEmpty()) {
                // a tree without node/ (a kernel without NUMA in sysfs) shows no node at all: saying
                // "offline already" of a node that holds all the machine's memory would be false
                context.note(now.nodes().isEmpty()
                        ? "this machine shows no nodes (its sysfs has no node directory): nothing to do for "
                                + NodeScope.name(node)
                        : NodeScope.name(node) + " is not a node this machine shows: nothing to do");
                continue;
            }
            if (!NodeScope.isOnline(now, node)) {
                context.note(NodeScope.name(node) + " is offline already: nothing to do");
                continue;
            }
            if (!NodeScope.holdings(now, node).isEmpty()) {
                // the node of a device removed from it (a memory module out of node0): it stays
                context.note(NodeScope.name(node) + " keeps " + NodeScope.holdings(now, node) + " and stays online");
                continue;
            }
            try {
                nodes.offline(node);
            } catch (HotplugException e) {
                undo(context, offlined, e);
                throw e;
            }
            offlined.add(node);
            context.changed(DeviceChange.of(DeviceChange.Type.OFFLINE, "node", node, node));
            context.note(NodeScope.name(node) + " taken offline");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void rollback(RequestContext context) throws HotplugException {
        List<Integer> offlined = (List<Integer>) context.memo().getOrDefault(OFFLINED, List.of());
        HotplugException first = null;
        for (int i = offlined.size() - 1; i >= 0; i--) {
            int node = offlined.get(i);
            if (NodeScope.isOnline(view.topology(), node)) {
                continue;
            }
            try {
                nodes.online(node);
                context.note(NodeScope.name(node) + " brought online again");
            } catch (HotplugException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A failed apply leaves nothing behind: the nodes it took offline come back. */
    private void undo(RequestContext context, List<Integer> offlined, HotplugException cause) {
        boolean interrupted = Thread.interrupted();
        try {
            for (int i = offlined.size() - 1; i >= 0; i--) {
                int node = offlined.get(i);
                try {
                    nodes.online(node);
                } catch (HotplugException e) {
                    cause.addSuppressed(e);
                    context.note("undo failed: " + e.describe() + "; " + NodeScope.name(node) + " may be left offline");
                }
            }
            offlined.clear();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
