package org.sysplug.platform.acpi;

/**
 * {@code _OST} status codes as Linux reports them ({@code ACPI_OST_SC_*}, include/acpi/acpi_bus.h).
 */
public enum OstStatus {
    SUCCESS(0x00),
    NON_SPECIFIC_FAILURE(0x01),
    UNRECOGNIZED_NOTIFY(0x02),
    EJECT_NOT_SUPPORTED(0x80),
    DEVICE_IN_USE(0x81),
    DEVICE_BUSY(0x82),
    EJECT_DEPENDENCY_BUSY(0x83),
    EJECT_IN_PROGRESS(0x84);

    private final int code;

    OstStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
