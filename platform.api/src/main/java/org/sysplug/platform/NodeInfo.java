package org.sysplug.platform;

/**
 * A NUMA node.
 *
 * @param id the node id
 * @param online whether it is online (Linux: in {@code /sys/devices/system/node/online})
 */
public record NodeInfo(int id, boolean online) implements Numbered {
}
