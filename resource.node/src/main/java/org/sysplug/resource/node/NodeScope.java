package org.sysplug.resource.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.sysplug.framework.CpuResource;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.Kind;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Target;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.IdList;

/**
 * Which nodes a request concerns, and what a node still holds. Shared by the node handlers of
 * this bundle only.
 *
 * <p>A hot-plug request names nodes through its {@link NodeResource}s (the firmware module
 * records one per node of the devices it describes). A NodeResource whose device also holds a
 * CPU or memory resource of the request names the node <em>of</em> that device (ejecting a
 * memory module from node0 does not take node0 away); any other NodeResource names a node
 * device (a container, a socket) that goes with the request. An online/offline request names
 * nodes as {@code nodeN} targets.
 */
final class NodeScope {

    private NodeScope() {
    }

    /** The nodes of the request's NodeResources, each once, in the order recorded. */
    static List<Integer> resourceNodes(RequestContext context) {
        Set<Integer> nodes = new LinkedHashSet<>();
        for (NodeResource r : context.resources(NodeResource.class)) {
            nodes.add(r.node());
        }
        return List.copyOf(nodes);
    }

    /**
     * The nodes that leave with a hot-remove: those of NodeResources that name a node device,
     * not merely the node of a CPU or memory device the request removes.
     */
    static List<NodeResource> departing(RequestContext context) {
        Set<String> resourceDevices = new java.util.HashSet<>();
        context.resources(CpuResource.class).forEach(r -> resourceDevices.add(r.device()));
        context.resources(MemoryResource.class).forEach(r -> resourceDevices.add(r.device()));
        List<NodeResource> out = new ArrayList<>();
        Set<Integer> seen = new java.util.HashSet<>();
        for (NodeResource r : context.resources(NodeResource.class)) {
            if (!resourceDevices.contains(r.device()) && seen.add(r.node())) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The nodes of the request's {@code nodeN} targets, each once, in the order given; this module takes them (claims them for the
     * request), so none is reported done unhandled.
     */
    static List<Integer> targetNodes(RequestContext context) {
        Set<Integer> nodes = new LinkedHashSet<>();
        for (Target t : context.request().targets()) {
            if (!t.isFirmwarePath() && t.deviceClass().equals("node")) {
                context.claim(t);
                nodes.add(t.index());
            }
        }
        return List.copyOf(nodes);
    }

    /** The nodes the handler works on: resources for hot-plug, targets for online/offline. */
    static List<Integer> requested(RequestContext context) {
        return context.request().operation().kind() == Kind.HOTPLUG ? resourceNodes(context) : targetNodes(context);
    }

    static boolean isOnline(Topology t, int node) {
        return t.node(node).map(NodeInfo::online).orElse(false);
    }

    /** ENODEV unless {@code node} is a possible node. */
    static void requirePossible(Topology t, int node) throws HotplugException {
        if (t.node(node).isEmpty()) {
            throw new HotplugException(HotplugException.ENODEV, name(node), name(node) + " is not a possible node ("
                    + (t.nodes().isEmpty() ? "this machine shows no NUMA node at all"
                            : "possible: " + list("node", t.nodes().stream().map(NodeInfo::id).toList())) + ")");
        }
    }

    /** What a node still holds: {@code present cpu8-15 and memory72-135}, or empty when nothing. */
    static String holdings(Collection<CpuInfo> cpus, Collection<MemoryBlock> blocks) {
        List<String> what = new ArrayList<>();
        if (!cpus.isEmpty()) {
            what.add("present " + list("cpu", cpus.stream().map(CpuInfo::id).toList()));
        }
        if (!blocks.isEmpty()) {
            what.add("memory " + list("memory", blocks.stream().map(MemoryBlock::id).toList()));
        }
        return String.join(" and ", what);
    }

    /** What {@code node} holds now; empty when nothing. */
    static String holdings(Topology t, int node) {
        return holdings(t.cpusOf(node), t.memoryOf(node));
    }

    static String name(int node) {
        return "node" + node;
    }

    /** {@code cpu8-11,14} for 8, 9, 10, 11, 14: the kernel's list format, prefixed. */
    static String list(String prefix, Collection<Integer> ids) {
        return IdList.format(prefix, ids);
    }
}
