package org.sysplug.platform.acpi;

/**
 * The source event an {@code _OST} call reports on: a notification value, or {@link #EJECT}
 * for an eject the OS started itself (Linux's {@code ACPI_OST_EC_OSPM_EJECT}).
 */
public enum OstEvent {
    BUS_CHECK(0x00),
    DEVICE_CHECK(0x01),
    EJECT_REQUEST(0x03),
    EJECT(0x103),
    INSERTION(0x200);

    private final int code;

    OstEvent(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
