package org.sysplug.platform.linux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.sysplug.platform.Errno;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.acpi.Hid;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;
import org.sysplug.platform.acpi.Sta;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * The firmware as Linux shows it in sysfs: the device objects below {@code /sys/bus/acpi/devices}
 * ({@code path}, {@code hid}, {@code uid}, {@code status}, whether {@code eject} exists, the
 * {@code physical_node} links), and the hot-plug profiles of {@code /sys/firmware/acpi/hotplug}.
 *
 * <p>What sysfs does not expose, this port cannot do, and says so:
 * <ul>
 * <li>{@code _PXM} is not in sysfs: devices have no proximity domain here.</li>
 * <li>{@code _CRS}: a memory device's ranges are derived from the memory blocks its
 * {@code physical_node} links name; a processor's APIC id is not shown (its link names the
 * {@code cpuN} it became), so processors carry no resource.</li>
 * <li>{@code _PS3}, {@code _LCK} and {@code _OST} have no sysfs file: the kernel evaluates them
 * itself while it ejects ({@code acpi_scan_hot_remove}) and while it handles the firmware's
 * notifications, so these calls do nothing here.</li>
 * <li>{@code _EJ0} is the {@code eject} file: writing {@code 1} asks the kernel to offline,
 * remove and eject the device.</li>
 * </ul>
 */
final class LinuxAcpi {

    static final String BUS = "sys/bus/acpi/devices";
    static final String HOTPLUG = "sys/firmware/acpi/hotplug";
    static final String BOOT_ID = "proc/sys/kernel/random/boot_id";

    /** A device object and the directory below the root it was read from. */
    record Found(AcpiDevice device, String dir) {
    }

    private final LinuxMachine machine;
    private final Sysroot root;
    private final long bootId;

    LinuxAcpi(LinuxMachine machine) {
        this.machine = machine;
        this.root = machine.sysroot();
        this.bootId = readBootId(root);
    }

    private static long readBootId(Sysroot root) {
        try {
            Optional<String> id = root.readLine(BOOT_ID);
            if (id.isPresent()) {
                String hex = id.get().replace("-", "").trim();
                return Long.parseUnsignedLong(hex.substring(0, Math.min(15, hex.length())), 16);
            }
        } catch (IOException | RuntimeException unreadable) {
            // fall through: this backend instance is its own boot
        }
        return System.nanoTime();
    }

    long bootId() {
        return bootId;
    }

    /** Every device object, parents before children. */
    List<Found> scan() throws IOException {
        Map<String, String> dirs = new HashMap<>(); // dir below the root -> namespace path
        List<String> order = new ArrayList<>();
        for (Sysroot.Entry e : root.list(BUS)) {
            String entry = BUS + "/" + e.name();
            Optional<String> dir = e.kind() == Sysroot.Kind.LINK ? root.resolveLink(entry)
                    : e.kind() == Sysroot.Kind.DIR ? Optional.of(entry) : Optional.empty();
            if (dir.isEmpty() || !root.isDirectory(dir.get())) {
                continue; // dangling or looping: not a device we can read
            }
            Optional<String> path = root.readLine(dir.get() + "/path");
            if (path.isPresent() && !path.get().isBlank()) {
                dirs.put(dir.get(), path.get().trim());
                order.add(dir.get());
            }
        }
        order.sort(Comparator.comparingInt((String d) -> d.split("/").length).thenComparing(d -> d));
        Topology t = machine.topology();
        List<Found> out = new ArrayList<>();
        for (String dir : order) {
            List<String> children = new ArrayList<>();
            for (String other : order) {
                if (other.startsWith(dir + "/") && other.indexOf('/', dir.length() + 1) < 0) {
                    children.add(dirs.get(other));
                }
            }
            out.add(new Found(read(dir, dirs.get(dir), children, t), dir));
        }
        return out;
    }

    private AcpiDevice read(String dir, String path, List<String> children, Topology t) throws IOException {
        String hid = root.readLine(dir + "/hid").map(String::trim).orElse("");
        String uid = root.readLine(dir + "/uid").map(String::trim).orElse("");
        int sta = Sta.PRESENT_AND_WORKING; // no _STA: present and working (ACPI 6.5, 6.3.7)
        Optional<String> status = root.readLine(dir + "/status");
        if (status.isPresent()) {
            try {
                sta = Integer.parseInt(status.get().trim());
            } catch (NumberFormatException ignored) {
                // unreadable: as if there were no _STA
            }
        }
        boolean ejectable = root.isFile(dir + "/eject");
        return new AcpiDevice(path, hid, uid, sta, OptionalInt.empty(), resources(dir, t), children, ejectable,
                hotplugClass(hid));
    }

    /** A memory device's ranges from the blocks its physical_node links name. */
    private List<AcpiResource> resources(String dir, Topology t) throws IOException {
        List<AcpiResource> out = new ArrayList<>();
        long start = -1;
        long end = -1;
        List<Integer> blocks = new ArrayList<>();
        for (Sysroot.Entry e : root.list(dir)) {
            if (!e.name().startsWith("physical_node") || e.kind() != Sysroot.Kind.LINK) {
                continue;
            }
            Optional<String> target = root.resolveLink(dir + "/" + e.name());
            String prefix = LinuxMachine.MEMORY + "/memory";
            if (target.isPresent() && target.get().startsWith(prefix)) {
                try {
                    blocks.add(Integer.parseInt(target.get().substring(prefix.length())));
                } catch (NumberFormatException ignored) {
                    // not a block
                }
            }
        }
        blocks.sort(null);
        for (int id : blocks) {
            var b = t.block(id);
            if (b.isEmpty()) {
                continue;
            }
            if (b.get().start() == end) {
                end = b.get().end();
            } else {
                if (start >= 0) {
                    out.add(new AcpiResource.MemoryRange(start, end - start));
                }
                start = b.get().start();
                end = b.get().end();
            }
        }
        if (start >= 0) {
            out.add(new AcpiResource.MemoryRange(start, end - start));
        }
        return out;
    }

    static String hotplugClass(String hid) {
        return switch (hid) {
            case Hid.PROCESSOR -> "processor";
            case Hid.MEMORY -> "memory";
            case Hid.CONTAINER, Hid.CONTAINER_LEGACY, Hid.MODULE -> "container";
            default -> "";
        };
    }

    Optional<Found> find(String path) throws IOException {
        return scan().stream().filter(f -> f.device().path().equals(path)).findFirst();
    }

    /** Writes {@code 1} to the device's {@code eject}: the kernel offlines, removes and ejects it. */
    void eject(String path) throws PortException {
        Found f;
        try {
            f = find(path).orElseThrow(() -> new PortException(Errno.ENODEV, path, path
                    + " is not a device below " + root.root() + "/" + BUS));
        } catch (IOException e) {
            throw new PortException(Errno.EIO, path, "cannot read " + BUS + ": " + LinuxMachine.reason(e));
        }
        if (!f.device().ejectable()) {
            throw new PortException(Errno.ENODEV, path, path + " has no eject file: the firmware gives it no _EJ0");
        }
        machine.write(path, f.dir() + "/eject", "1", machine::invalidate);
    }

    /**
     * Whether the class's switch says 1. An absent switch is enabled: the kernel has none for the
     * class (before 3.11 there is no {@code hotplug} directory at all, and it hot-plugs anyway); a
     * switch that is there but cannot be read, or says anything else, is not.
     */
    boolean profileEnabled(String hotplugClass) {
        try {
            Sysroot.Attribute enabled = root.readAttribute(HOTPLUG + "/" + Sysroot.requireName(hotplugClass) + "/enabled");
            return enabled.absent() || enabled.line().map(s -> s.trim().equals("1")).orElse(false);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The class's switch as it is in this tree ({@code /sys/...} itself when live), for messages. */
    String profileFile(String hotplugClass) {
        try {
            return root.resolve(HOTPLUG + "/" + Sysroot.requireName(hotplugClass) + "/enabled").toString();
        } catch (IllegalArgumentException e) {
            return root.resolve(HOTPLUG).toString();
        }
    }

    void setProfileEnabled(String hotplugClass, boolean enabled) throws PortException {
        String file;
        try {
            file = HOTPLUG + "/" + Sysroot.requireName(hotplugClass) + "/enabled";
        } catch (IllegalArgumentException e) {
            throw new PortException(Errno.EINVAL, hotplugClass, "no such hot-plug profile: " + e.getMessage());
        }
        if (!root.isFile(file)) {
            throw new PortException(Errno.ENODEV, hotplugClass, "no hot-plug profile " + hotplugClass + " below "
                    + root.root() + "/" + HOTPLUG);
        }
        machine.write(hotplugClass, file, enabled ? "1" : "0", enabled ? "1\n" : "0\n", () -> { }, null);
    }

    /** Nothing to do: the kernel evaluates {@code _PS3}, {@code _LCK} and {@code _OST} itself. */
    void kernelEvaluates(String path, String method) {
        // deliberately empty: see the class comment
    }

    void ost(String path, OstEvent event, OstStatus status) {
        kernelEvaluates(path, "_OST");
    }
}
