package org.sysplug.platform.acpi;

/** The notifications of the hot-plug path, with their ACPI values (ACPI 6.5, 5.6.6). */
public enum Notification {
    /** Re-enumerate below this device. */
    BUS_CHECK(0x00),
    /** This device was inserted or removed. */
    DEVICE_CHECK(0x01),
    /** The eject button was pressed: the firmware asks the OS to eject. */
    EJECT_REQUEST(0x03);

    private final int value;

    Notification(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
