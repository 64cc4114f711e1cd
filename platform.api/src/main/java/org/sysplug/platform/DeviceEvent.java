package org.sysplug.platform;

import java.util.Locale;
import java.util.Objects;

/**
 * A change of one CPU or memory block that the machine announced by itself, not asked for by a
 * request: what Linux tells user space with a kernel uevent ({@code add}, {@code remove},
 * {@code online}, {@code offline} of {@code cpuN} or {@code memoryN}). A backend reports these;
 * it never decides what to do about them.
 *
 * @param action what happened
 * @param device the device's kernel name, {@code cpuN} or {@code memoryN}
 */
public record DeviceEvent(Action action, String device) {

    /** The uevent actions of CPUs and memory blocks. */
    public enum Action {
        /** The device appeared (a hot-added CPU or memory block; it may be offline). */
        ADD,
        /** The device went away. */
        REMOVE,
        /** The device went online. */
        ONLINE,
        /** The device went offline. */
        OFFLINE;

        /** The action a uevent names ({@code add}, {@code remove}, {@code online}, {@code offline}). */
        public static Action of(String uevent) {
            return valueOf(uevent.toUpperCase(Locale.ROOT));
        }
    }

    public DeviceEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(device, "device");
        if (!isIndexed(device, "cpu") && !isIndexed(device, "memory")) {
            throw new IllegalArgumentException("a device event names cpuN or memoryN, not '" + device + "'");
        }
    }

    /** Whether the device is a CPU ({@code cpuN}); otherwise it is a memory block. */
    public boolean isCpu() {
        return device.startsWith("cpu");
    }

    /** The device's number: N of {@code cpuN} or {@code memoryN}. */
    public int index() {
        return Integer.parseInt(device.substring(isCpu() ? 3 : 6));
    }

    private static boolean isIndexed(String name, String prefix) {
        if (!name.startsWith(prefix) || name.length() == prefix.length() || name.length() > prefix.length() + 9) {
            return false;
        }
        for (int i = prefix.length(); i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return action.name().toLowerCase(Locale.ROOT) + " " + device;
    }
}
