package org.sysplug.platform.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import org.sysplug.platform.Errno;
import org.sysplug.platform.PortException;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.acpi.Sta;
import org.sysplug.platform.sim.description.AcpiPaths;
import org.sysplug.platform.sim.description.MachineDescription;
import org.sysplug.platform.sim.description.MachineDescription.Kind;
import org.sysplug.platform.sim.description.MachineDescription.Range;

/**
 * The firmware side: the namespace of device objects with their presence, power and lock
 * state, and the per-class hot-plug profiles. Not thread-safe: the machine calls it under its
 * lock. It knows nothing of the kernel; the machine ties an eject to what the OS loses.
 */
final class Firmware {

    /** A device object and its state. {@link #view} is null when it must be rebuilt. */
    static final class Device {
        final MachineDescription.Device spec;
        final List<Device> children = new ArrayList<>();
        final Device parent;
        boolean present;
        boolean powered;
        boolean locked;
        AcpiDevice view;

        Device(MachineDescription.Device spec, Device parent) {
            this.spec = spec;
            this.parent = parent;
            this.present = spec.present();
            this.powered = spec.present();
        }

        String path() {
            return spec.path();
        }

        Kind kind() {
            return spec.kind();
        }

        /** It or a device above it has {@code _EJ0}: it sits in a hot-plug slot. */
        boolean inHotplugSlot() {
            for (Device d = this; d != null; d = d.parent) {
                if (d.spec.ejectable()) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Revision revision;
    private final Map<String, Device> byPath = new LinkedHashMap<>();
    private final Map<String, Boolean> profiles;

    Firmware(MachineDescription description, Revision revision) {
        this.revision = revision;
        this.profiles = new TreeMap<>(description.profiles());
        for (MachineDescription.Device spec : description.devices()) {
            Device parent = spec.parent() == null ? null : byPath.get(spec.parent());
            Device d = new Device(spec, parent);
            if (parent != null) {
                parent.children.add(d);
            }
            byPath.put(spec.path(), d);
        }
    }

    Optional<Device> find(String path) {
        return Optional.ofNullable(byPath.get(AcpiPaths.canonical(path)));
    }

    /** ENODEV when the namespace has no such device. */
    Device require(String path) throws PortException {
        String canonical = AcpiPaths.canonical(path);
        Device d = byPath.get(canonical);
        if (d == null) {
            throw new PortException(Errno.ENODEV, canonical, "no device " + canonical + " in the namespace");
        }
        return d;
    }

    /** ENODEV when the device is not in its slot. */
    Device requirePresent(String path, String method) throws PortException {
        Device d = require(path);
        if (!d.present) {
            throw new PortException(Errno.ENODEV, d.path(), d.path() + " is not present (_STA is 0): cannot evaluate " + method);
        }
        return d;
    }

    /** The device and everything below it, parents first. */
    List<Device> subtree(Device root) {
        List<Device> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Device d, List<Device> out) {
        out.add(d);
        for (Device c : d.children) {
            collect(c, out);
        }
    }

    /** Puts a device and all below it in (powered, unlocked) or takes them out. */
    void setPresent(Device root, boolean present) {
        for (Device d : subtree(root)) {
            if (d.present != present || d.powered != present || d.locked) {
                d.present = present;
                d.powered = present;
                d.locked = false;
                d.view = null;
                revision.bump();
            }
        }
    }

    void setPowered(Device d, boolean powered) {
        if (d.powered != powered) {
            d.powered = powered;
            revision.bump();
        }
    }

    void setLocked(Device d, boolean locked) {
        if (d.locked != locked) {
            d.locked = locked;
            revision.bump();
        }
    }

    DeviceState state(Device d) {
        return new DeviceState(d.path(), d.present, d.powered, d.locked);
    }

    /** The APIC ids of the processors among {@code devices}. */
    static List<Long> apicIds(List<Device> devices) {
        return devices.stream().filter(d -> d.kind() == Kind.PROCESSOR).map(d -> d.spec.apicId()).toList();
    }

    /** The memory ranges of the memory devices among {@code devices}, as {start, size}. */
    static List<long[]> ranges(List<Device> devices) {
        List<long[]> out = new ArrayList<>();
        for (Device d : devices) {
            for (Range r : d.spec.ranges()) {
                out.add(new long[] {r.start(), r.size()});
            }
        }
        return out;
    }

    boolean profileEnabled(String hotplugClass) {
        return profiles.getOrDefault(hotplugClass, false);
    }

    /** EINVAL for a class the firmware has no profile for. */
    void setProfileEnabled(String hotplugClass, boolean enabled) throws PortException {
        if (!profiles.containsKey(hotplugClass)) {
            throw new PortException(Errno.EINVAL, hotplugClass, "no hot-plug profile '" + hotplugClass + "': the classes are "
                    + String.join(", ", profiles.keySet()));
        }
        if (profiles.put(hotplugClass, enabled) != enabled) {
            revision.bump();
        }
    }

    Map<String, Boolean> profiles() {
        return Map.copyOf(profiles);
    }

    List<AcpiDevice> namespace() {
        List<AcpiDevice> out = new ArrayList<>(byPath.size());
        for (Device d : byPath.values()) {
            out.add(view(d));
        }
        return List.copyOf(out);
    }

    AcpiDevice view(Device d) {
        if (d.view == null) {
            MachineDescription.Device s = d.spec;
            List<AcpiResource> resources = new ArrayList<>();
            if (s.kind() == Kind.PROCESSOR) {
                resources.add(new AcpiResource.Processor(s.apicId()));
            }
            for (Range r : s.ranges()) {
                resources.add(new AcpiResource.MemoryRange(r.start(), r.size()));
            }
            d.view = new AcpiDevice(s.path(), s.kind().hid(), s.uid(), d.present ? Sta.PRESENT_AND_WORKING : 0,
                    OptionalInt.of(s.node()), resources, d.children.stream().map(Device::path).toList(), s.ejectable(),
                    s.kind().hotplugClass());
        }
        return d.view;
    }
}
