package org.sysplug.resource.node;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;

/**
 * DELETE_VALIDATE 120, after the CPU (100) and memory (110) checks: a node may go only with
 * everything it holds. For a hot-remove, every present CPU and every memory block of a
 * departing node must be among the request's CPU and memory resources (or be gone already);
 * for an offline request, a {@code nodeN} target must hold no present CPU and no memory.
 * Changes nothing.
 */
@Component(name = "node.validate", service = HotplugHandler.class)
@Handler(phase = Phase.DELETE_VALIDATE, order = Order.DELETE_VALIDATE_NODE, kinds = { Kind.HOTPLUG, Kind.ONLINE })
public final class NodeValidate implements HotplugHandler {

    private final MachineView view;

    @Activate
    public NodeValidate(@Reference MachineView view) {
        this.view = view;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        Topology t = view.topology();
        if (context.request().operation().kind() == Kind.HOTPLUG) {
            validateRemoval(context, t);
        } else {
            validateOffline(context, t);
        }
    }

    private static void validateRemoval(RequestContext context, Topology t) throws HotplugException {
        List<CpuResource> cpus = context.resources(CpuResource.class);
        List<MemoryResource> memory = context.resources(MemoryResource.class);
        for (NodeResource r : NodeScope.departing(context)) {
            int node = r.node();
            List<CpuInfo> stayingCpus = t.cpusOf(node).stream().filter(c -> !takes(cpus, c)).toList();
            List<MemoryBlock> stayingBlocks = t.memoryOf(node).stream().filter(b -> !takes(memory, b)).toList();
            if (!stayingCpus.isEmpty() || !stayingBlocks.isEmpty()) {
                throw new HotplugException(HotplugException.EBUSY, NodeScope.name(node), NodeScope.name(node) + " ("
                        + r.device() + ") cannot go: it would keep " + NodeScope.holdings(stayingCpus, stayingBlocks)
                        + ", which this request does not remove; a node goes only with all its CPUs and memory: "
                        + "remove them first or eject the device that holds them all");
            }
            context.note(NodeScope.name(node) + " goes with " + r.device() + ": the request takes all it holds");
        }
    }

    private static void validateOffline(RequestContext context, Topology t) throws HotplugException {
        for (int node : NodeScope.targetNodes(context)) {
            NodeScope.requirePossible(t, node);
            String holds = NodeScope.holdings(t, node);
            if (!holds.isEmpty()) {
                throw new HotplugException(HotplugException.EBUSY, NodeScope.name(node), NodeScope.name(node)
                        + " still has " + holds + ": offline and remove its CPUs and memory first (hot-remove their "
                        + "devices), then the node can go offline");
            }
        }
    }

    /** True when the request removes this CPU: same APIC id, or same logical id. */
    private static boolean takes(List<CpuResource> cpus, CpuInfo cpu) {
        for (CpuResource r : cpus) {
            if (r.apicId() == cpu.apicId() || (r.isAssigned() && r.cpu() == cpu.id())) {
                return true;
            }
        }
        return false;
    }

    /** True when one of the request's ranges covers the whole block. */
    private static boolean takes(List<MemoryResource> memory, MemoryBlock block) {
        for (MemoryResource r : memory) {
            if (r.start() <= block.start() && block.end() <= r.end()) {
                return true;
            }
        }
        return false;
    }
}
