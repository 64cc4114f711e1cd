package org.sysplug.firmware.acpi.core;

import java.util.Optional;

import org.sysplug.platform.acpi.AcpiDevice;

/**
 * A device object: what {@link AcpiNamespace} built for one device the OS enumerated (Linux's
 * {@code struct acpi_device}), with the driver bound to it and the data that driver attached.
 * Objects exist from hot-add (or boot) to eject; they describe what the OS took over, not what the
 * firmware says now.
 */
public final class AcpiObject {

    private final AcpiDevice device;
    private final int node;
    private final AcpiDriver driver;
    private Object driverData;

    AcpiObject(AcpiDevice device, int node, AcpiDriver driver) {
        this.device = device;
        this.node = node;
        this.driver = driver;
    }

    public String path() {
        return device.path();
    }

    /** The device as the firmware described it when the object was built. */
    public AcpiDevice device() {
        return device;
    }

    /** Its NUMA node: {@code _PXM}, else the nearest ancestor's, else 0. */
    public int node() {
        return node;
    }

    /** The name of the bound driver ({@code processor}, {@code memory}, {@code container}), if one bound. */
    public Optional<String> driver() {
        return driver == null ? Optional.empty() : Optional.of(driver.name());
    }

    /** The data the driver attached, of the driver's own type; empty when no driver is bound. */
    public <T> Optional<T> driverData(Class<T> type) {
        return type.isInstance(driverData) ? Optional.of(type.cast(driverData)) : Optional.empty();
    }

    AcpiDriver boundDriver() {
        return driver;
    }

    void attach(Object data) {
        this.driverData = data;
    }

    void detach() {
        this.driverData = null;
    }

    boolean attached() {
        return driverData != null;
    }

    /** True when this object is {@code path} or below it. */
    public boolean isAtOrBelow(String path) {
        String p = path();
        return p.equals(path) || (p.startsWith(path) && p.charAt(path.length()) == '.');
    }

    @Override
    public String toString() {
        return path() + (driver == null ? " (no driver)" : " (" + driver.name() + ", node " + node + ")");
    }
}
