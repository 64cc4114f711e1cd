package org.sysplug.platform;

/** A memory block's state, as in {@code /sys/devices/system/memory/memoryN/state}. */
public enum BlockState {
    ONLINE("online"),
    OFFLINE("offline"),
    GOING_OFFLINE("going-offline");

    private final String sysfsName;

    BlockState(String sysfsName) {
        this.sysfsName = sysfsName;
    }

    public String sysfsName() {
        return sysfsName;
    }
}
