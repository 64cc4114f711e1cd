package org.sysplug.platform;

import java.util.List;

import org.sysplug.framework.Zone;

/**
 * A memory block ({@code memoryN}).
 *
 * @param id the block id: its start address divided by the block size
 * @param start the first physical address
 * @param size the block size in bytes
 * @param node the NUMA node
 * @param state online, offline or going offline
 * @param zone the zone it is online in, or {@link Zone#UNSPECIFIED} when offline or when the kernel
 *        does not say (an online block spanning two zones shows {@code valid_zones} "none")
 * @param validZones the zones it could be onlined into (offline) or the one it is in (online),
 *        the kernel's default first, as {@code valid_zones} lists them
 * @param removable whether the kernel thinks it could be offlined (no unmovable pages)
 */
public record MemoryBlock(int id, long start, long size, int node, BlockState state, Zone zone,
        List<Zone> validZones, boolean removable) implements Numbered {

    public MemoryBlock {
        validZones = List.copyOf(validZones);
    }

    public long end() {
        return start + size;
    }

    public boolean online() {
        return state == BlockState.ONLINE;
    }
}
