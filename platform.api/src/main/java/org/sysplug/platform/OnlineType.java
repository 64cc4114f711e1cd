package org.sysplug.platform;

import org.sysplug.framework.Zone;

/**
 * How to online a memory block: the strings the kernel takes in {@code memoryN/state}.
 * {@link #ONLINE} lets the kernel choose the zone (the default zone of {@code valid_zones}).
 */
public enum OnlineType {
    ONLINE("online"),
    ONLINE_KERNEL("online_kernel"),
    ONLINE_MOVABLE("online_movable");

    private final String sysfsName;

    OnlineType(String sysfsName) {
        this.sysfsName = sysfsName;
    }

    public String sysfsName() {
        return sysfsName;
    }

    /** The type that onlines into {@code zone}: MOVABLE → online_movable, a kernel zone → online_kernel. */
    public static OnlineType into(Zone zone) {
        return switch (zone) {
            case MOVABLE -> ONLINE_MOVABLE;
            case UNSPECIFIED -> ONLINE;
            default -> ONLINE_KERNEL;
        };
    }
}
