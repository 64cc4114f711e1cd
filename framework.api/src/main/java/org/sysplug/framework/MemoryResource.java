package org.sysplug.framework;

/**
 * A range of physical memory on a node, and the zone it is (or is to be) onlined into.
 *
 * @param device the device that holds it ({@code \_SB.NOD1.MEM0} or {@code memory32})
 * @param start the first physical address
 * @param size the length in bytes
 * @param node the NUMA node
 * @param zone the zone, or {@link Zone#UNSPECIFIED} to let policy decide
 */
public record MemoryResource(String device, long start, long size, int node, Zone zone) implements Resource {

    public MemoryResource {
        if (size <= 0) {
            throw new IllegalArgumentException(device + ": memory range size must be positive, got " + size);
        }
    }

    /** One past the last address. */
    public long end() {
        return start + size;
    }
}
