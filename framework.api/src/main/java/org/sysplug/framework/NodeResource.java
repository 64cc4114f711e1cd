package org.sysplug.framework;

/**
 * A NUMA node a request brings online or takes offline.
 *
 * @param device the device that holds it ({@code \_SB.NOD1} or {@code node1})
 * @param node the node id
 */
public record NodeResource(String device, int node) implements Resource {
}
