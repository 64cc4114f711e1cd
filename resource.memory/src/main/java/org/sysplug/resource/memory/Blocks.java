package org.sysplug.resource.memory;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Target;
import org.sysplug.framework.Zone;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.IdList;

/** Names and lists of memory blocks, and the request's {@code memoryN} targets. Shared by this bundle's handlers. */
final class Blocks {

    private Blocks() {
    }

    /** A range of added memory, as this module remembers it to undo an add or a remove. */
    record Range(long start, long size, int node) {
        long end() {
            return start + size;
        }

        @Override
        public String toString() {
            return describe(start, size) + " on node" + node;
        }
    }

    /** A block this module onlined or offlined, with the zone it was online in. */
    record Block(int id, Zone zone) {
    }

    /**
     * The blocks of a snapshot by id. {@link org.sysplug.platform.Topology#block(int)} searches
     * the list: per block of a large range that is quadratic (2,048 blocks of 32,768 cost seconds).
     */
    static Map<Integer, MemoryBlock> index(Collection<MemoryBlock> blocks) {
        Map<Integer, MemoryBlock> out = new HashMap<>(blocks.size() * 2);
        blocks.forEach(b -> out.put(b.id(), b));
        return out;
    }

    static String name(int block) {
        return "memory" + block;
    }

    /**
     * The blocks of the request's {@code memoryN} targets, each once, in the order given; this module takes them (claims them for the
     * request), so none is reported done unhandled.
     */
    static List<Integer> targets(RequestContext context) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (Target t : context.request().targets()) {
            if (!t.isFirmwarePath() && t.deviceClass().equals("memory")) {
                context.claim(t);
                ids.add(t.index());
            }
        }
        return List.copyOf(ids);
    }

    /** {@code [0x440000000, 0x4c0000000) (2GiB)}. */
    static String describe(long start, long size) {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(start + size) + ") (" + size(size) + ")";
    }

    static String size(long bytes) {
        String[] units = { "K", "M", "G", "T", "P" };
        for (int i = units.length - 1; i >= 0; i--) {
            long unit = 1L << (10 * (i + 1));
            if (bytes % unit == 0) {
                return bytes / unit + units[i] + "iB";
            }
        }
        return bytes + "B";
    }

    static String zones(Collection<Zone> zones) {
        return String.join(" ", zones.stream().map(Zone::sysfsName).toList());
    }

    static String list(Collection<MemoryBlock> blocks) {
        return list(blocks.stream().map(MemoryBlock::id).toList());
    }

    /** {@code memory8-11,14} for 8, 9, 10, 11, 14: the kernel's list format, prefixed. */
    static String list(List<Integer> ids) {
        return IdList.format("memory", ids);
    }

    /**
     * Reports that {@code blocks} changed, each with its node and, when it came online, its zone, as
     * the snapshot {@code now} shows them (one snapshot for them all: reading it per block is slow).
     */
    static void changed(RequestContext context, DeviceChange.Type type, Collection<Integer> blocks,
            Map<Integer, MemoryBlock> now) {
        for (int id : blocks) {
            MemoryBlock b = now.get(id);
            DeviceChange change = DeviceChange.of(type, "memory", id, b == null ? -1 : b.node());
            if (type == DeviceChange.Type.ONLINE && b != null && b.zone() != Zone.UNSPECIFIED) {
                change = change.inZone(b.zone().sysfsName());
            }
            context.changed(change);
        }
    }

    /** Reports that {@code blocks} were removed or went offline, with their nodes as they were. */
    static void changed(RequestContext context, DeviceChange.Type type, List<MemoryBlock> blocks) {
        blocks.forEach(b -> context.changed(DeviceChange.of(type, "memory", b.id(), b.node())));
    }
}
