package org.sysplug.platform.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.sysplug.platform.Errno;
import org.sysplug.platform.IdList;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.PortException;
import org.sysplug.platform.SortedDevices;

/**
 * The kernel's node masks: the possible nodes ({@code node_possible_map}, 0 to N-1 for a
 * description, a tree's own mask for a machine loaded from sysfs), some online
 * ({@code node_online_map}).
 */
final class NodeSet {

    private final Revision revision;
    private final BitSet possibleMask;
    private final boolean[] online;
    private final NodeInfo[] views;
    /** The views handed out last, null when a node changed since. */
    private SortedDevices<NodeInfo> published;

    NodeSet(int possible, Revision revision) {
        this(all(possible), revision);
    }

    NodeSet(BitSet possibleMask, Revision revision) {
        this.revision = revision;
        this.possibleMask = (BitSet) possibleMask.clone();
        this.online = new boolean[possibleMask.length()];
        this.views = new NodeInfo[possibleMask.length()];
        for (int n = 0; n < views.length; n++) {
            views[n] = new NodeInfo(n, false);
        }
    }

    private static BitSet all(int count) {
        BitSet set = new BitSet();
        set.set(0, count);
        return set;
    }

    /** One more than the highest possible node: every possible node is below it. */
    int possible() {
        return online.length;
    }

    /** ENODEV unless {@code node} is a possible node. */
    void requirePossible(int node) throws PortException {
        if (!isPossible(node)) {
            throw new PortException(Errno.ENODEV, Names.node(node), Names.node(node) + " is not a possible node (possible: "
                    + IdList.format(possibleMask.stream().boxed().toList()) + "): use one the machine declares");
        }
    }

    boolean isPossible(int node) {
        return node >= 0 && node < online.length && possibleMask.get(node);
    }

    boolean isOnline(int node) {
        return isPossible(node) && online[node];
    }

    void set(int node, boolean on) {
        if (online[node] != on) {
            online[node] = on;
            views[node] = new NodeInfo(node, on);
            published = null;
            revision.bump();
        }
    }

    /** The possible nodes' views made afresh: what {@link #views()} must equal (the tests compare them). */
    List<NodeInfo> viewsBuiltAnew() {
        List<NodeInfo> out = new ArrayList<>();
        possibleMask.stream().forEach(n -> out.add(new NodeInfo(n, online[n])));
        return out;
    }

    /** The possible nodes' views in id order, built again only after a node changed. */
    SortedDevices<NodeInfo> views() {
        if (published == null) {
            List<NodeInfo> out = new ArrayList<>(possibleMask.cardinality());
            possibleMask.stream().forEach(n -> out.add(views[n]));
            published = SortedDevices.copyOf(out);
        }
        return published;
    }
}
