package org.sysplug.platform;

import java.util.Objects;

/**
 * A dax device ({@code daxX.Y} of {@code bus/dax}): persistent or special-purpose memory that
 * reaches the page allocator as hot-plugged memory blocks only when bound to {@code kmem}
 * ("system-ram" mode); bound to {@code device_dax} ("devdax" mode) it stays a character device.
 *
 * @param name {@code daxX.Y}
 * @param driver the driver it is bound to ({@code device_dax}, {@code kmem}), or empty when unbound
 */
public record DaxDevice(String name, String driver) {

    /** The driver of a dax device in devdax mode. */
    public static final String DEVDAX = "device_dax";

    public DaxDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
    }

    /** Whether it is in devdax mode: its memory is not system RAM and no online policy reaches it. */
    public boolean devdax() {
        return DEVDAX.equals(driver);
    }
}
