package org.sysplug.platform.sim;

import java.util.List;

import org.sysplug.platform.Errno;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.PortException;

/** The kernel's node masks: a fixed number of possible nodes, some online ({@code node_online_map}). */
final class NodeSet {

    private final Revision revision;
    private final boolean[] online;
    private final NodeInfo[] views;

    NodeSet(int possible, Revision revision) {
        this.revision = revision;
        this.online = new boolean[possible];
        this.views = new NodeInfo[possible];
        for (int n = 0; n < possible; n++) {
            views[n] = new NodeInfo(n, false);
        }
    }

    int possible() {
        return online.length;
    }

    /** ENODEV unless {@code node} is a possible node. */
    void requirePossible(int node) throws PortException {
        if (node < 0 || node >= online.length) {
            throw new PortException(Errno.ENODEV, Names.node(node), Names.node(node) + " is not a possible node (possible: 0-"
                    + (online.length - 1) + "): use one the machine description declares");
        }
    }

    boolean isOnline(int node) {
        return node >= 0 && node < online.length && online[node];
    }

    void set(int node, boolean on) {
        if (online[node] != on) {
            online[node] = on;
            views[node] = new NodeInfo(node, on);
            revision.bump();
        }
    }

    List<NodeInfo> views() {
        return List.of(views);
    }
}
