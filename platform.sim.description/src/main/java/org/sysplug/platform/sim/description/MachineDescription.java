package org.sysplug.platform.sim.description;

import java.io.Reader;
import java.util.List;
import java.util.Map;

import org.sysplug.framework.Zone;
import org.sysplug.platform.acpi.Hid;

/**
 * A machine as its description file says: kernel parameters (block size, possible CPUs and
 * nodes, whether the boot CPU is hot-pluggable, movable_node), hot-plug profiles and the
 * firmware namespace — processors, memory devices and containers, present or empty slots.
 * The simulator (platform.sim) boots a running machine from it. The file format is documented in
 * {@code machines/default.yaml} and read by {@link DescriptionReader}.
 *
 * @param source where it was read from ({@code default.yaml}), for messages
 * @param name the machine's name
 * @param summary a free text about it, or empty
 * @param blockSize {@code block_size_bytes}
 * @param possibleCpus the size of {@code cpu_possible_mask}
 * @param possibleNodes the number of possible NUMA nodes
 * @param bootCpuHotpluggable whether cpu0 may go offline
 * @param movableNode the kernel's {@code movable_node} parameter
 * @param profiles hot-plug class → enabled, for processor, memory and container
 * @param devices the namespace, parents before children
 * @param unmovable boot memory ranges holding pages the kernel never moves
 */
public record MachineDescription(String source, String name, String summary, long blockSize, int possibleCpus,
        int possibleNodes, boolean bootCpuHotpluggable, boolean movableNode, Map<String, Boolean> profiles,
        List<Device> devices, List<Range> unmovable) {

    /** x86-64's MAX_NUMNODES with NODES_SHIFT=10: no description, nor a sysfs tree the simulator loads, has more nodes. */
    public static final int MAX_NODES = 1024;
    /** x86-64's largest NR_CPUS: no description, nor a sysfs tree the simulator loads, has more CPUs. */
    public static final int MAX_CPUS = 8192;

    public MachineDescription {
        profiles = Map.copyOf(profiles);
        devices = List.copyOf(devices);
        unmovable = List.copyOf(unmovable);
    }

    /** The device classes of the namespace, with their {@code _HID} and hot-plug profile. */
    public enum Kind {
        PROCESSOR(Hid.PROCESSOR, "processor"),
        MEMORY(Hid.MEMORY, "memory"),
        CONTAINER(Hid.CONTAINER, "container");

        private final String hid;
        private final String hotplugClass;

        Kind(String hid, String hotplugClass) {
            this.hid = hid;
            this.hotplugClass = hotplugClass;
        }

        public String hid() {
            return hid;
        }

        /** The profile name ({@code /sys/firmware/acpi/hotplug/<class>}) and the word in the file. */
        public String hotplugClass() {
            return hotplugClass;
        }
    }

    /** A physical memory range. */
    public record Range(long start, long size) {

        public long end() {
            return start + size;
        }

        public boolean overlaps(Range other) {
            return start < other.end() && other.start < end();
        }

        public boolean contains(Range other) {
            return start <= other.start && other.end() <= end();
        }

        @Override
        public String toString() {
            return "[" + ByteSize.hex(start) + ", " + ByteSize.hex(end()) + ")";
        }
    }

    /**
     * A device object.
     *
     * @param path its absolute namespace path
     * @param parent its parent's path, or null under the root
     * @param kind processor, memory device or container
     * @param uid {@code _UID}
     * @param node {@code _PXM}: the NUMA node (children inherit their container's)
     * @param present whether it is there at boot (false: an empty slot)
     * @param ejectable whether it has {@code _EJ0}
     * @param apicId a processor's APIC id, -1 otherwise
     * @param ranges a memory device's ranges, empty otherwise
     * @param bootZone for memory present at boot, the zone it boots in; null otherwise
     */
    public record Device(String path, String parent, Kind kind, String uid, int node, boolean present, boolean ejectable,
            long apicId, List<Range> ranges, Zone bootZone) {

        public Device {
            ranges = List.copyOf(ranges);
        }
    }

    /**
     * Reads a description; {@code sourceName} (a file name) starts every error message. The text
     * must fit the bounds of a machine file (1 MiB); more is an error, not read further.
     */
    public static MachineDescription parse(String sourceName, Reader reader) throws DescriptionException {
        return new DescriptionReader(sourceName).read(MachineText.readBounded(sourceName, reader));
    }

    /** The processors, present or not. */
    public long processors() {
        return devices.stream().filter(d -> d.kind == Kind.PROCESSOR).count();
    }
}
