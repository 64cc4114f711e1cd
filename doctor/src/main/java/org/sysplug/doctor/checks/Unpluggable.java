package org.sysplug.doctor.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.acpi.Hid;

/**
 * The memory the firmware could take away: each present device with {@code _EJ0} that no ejectable
 * device holds (a node's container, a memory module in a slot), with the memory ranges of it and of
 * everything below it. On Linux the ranges come from the memory blocks its {@code physical_node}
 * links name and there is no {@code _PXM}; the node is then the one all its blocks are on.
 */
final class Unpluggable {

    /**
     * One ejectable device.
     *
     * @param path its namespace path
     * @param node the node it is (a container), or empty for a memory module or when not known
     * @param ranges the memory it holds
     */
    record Slot(String path, OptionalInt node, List<AcpiResource.MemoryRange> ranges) {

        boolean holds(MemoryBlock b) {
            return ranges.stream().anyMatch(r -> b.start() >= r.start() && b.end() <= r.start() + r.length());
        }

        /** {@code node1 (\_SB.NOD1)} for a node's container, the path for anything else. */
        String describe() {
            return node.isPresent() ? "node" + node.getAsInt() + " (" + path + ")" : path;
        }
    }

    private final List<Slot> slots;

    private Unpluggable(List<Slot> slots) {
        this.slots = List.copyOf(slots);
    }

    static Unpluggable of(List<AcpiDevice> namespace, Topology machine) {
        Map<String, AcpiDevice> byPath = new HashMap<>();
        Map<String, String> parent = new HashMap<>();
        for (AcpiDevice d : namespace) {
            byPath.put(d.path(), d);
            d.children().forEach(c -> parent.put(c, d.path()));
        }
        List<Slot> slots = new ArrayList<>();
        for (AcpiDevice d : namespace) {
            if (!d.ejectable() || !d.present() || heldByEjectable(d.path(), parent, byPath)) {
                continue;
            }
            List<AcpiResource.MemoryRange> ranges = new ArrayList<>();
            collect(d, byPath, ranges);
            if (ranges.isEmpty()) {
                continue; // a CPU on its own: no memory to keep it in place
            }
            boolean container = Hid.CONTAINER.equals(d.hid()) || Hid.CONTAINER_LEGACY.equals(d.hid())
                    || Hid.MODULE.equals(d.hid());
            OptionalInt node = container ? nodeOf(d, ranges, machine) : OptionalInt.empty();
            slots.add(new Slot(d.path(), node, ranges));
        }
        return new Unpluggable(slots);
    }

    private static boolean heldByEjectable(String path, Map<String, String> parent, Map<String, AcpiDevice> byPath) {
        for (String up = parent.get(path); up != null; up = parent.get(up)) {
            AcpiDevice d = byPath.get(up);
            if (d != null && d.ejectable() && d.present()) {
                return true;
            }
        }
        return false;
    }

    private static void collect(AcpiDevice d, Map<String, AcpiDevice> byPath, List<AcpiResource.MemoryRange> into) {
        for (AcpiResource r : d.resources()) {
            if (r instanceof AcpiResource.MemoryRange m) {
                into.add(m);
            }
        }
        for (String child : d.children()) {
            AcpiDevice c = byPath.get(child);
            if (c != null && c.present()) {
                collect(c, byPath, into);
            }
        }
    }

    private static OptionalInt nodeOf(AcpiDevice container, List<AcpiResource.MemoryRange> ranges, Topology machine) {
        if (container.pxm().isPresent()) {
            return container.pxm();
        }
        Slot probe = new Slot(container.path(), OptionalInt.empty(), ranges);
        int[] nodes = machine.memory().stream().filter(probe::holds).mapToInt(MemoryBlock::node).distinct().toArray();
        return nodes.length == 1 ? OptionalInt.of(nodes[0]) : OptionalInt.empty();
    }

    /** The ejectable device whose memory holds {@code block}, if any. */
    Optional<Slot> slotOf(MemoryBlock block) {
        return slots.stream().filter(s -> s.holds(block)).findFirst();
    }

    List<Slot> slots() {
        return slots;
    }
}
