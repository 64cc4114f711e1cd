package org.sysplug.platform.acpi;

/** The hardware ids of the device classes the hot-plug path knows. */
public final class Hid {

    /** A processor device. */
    public static final String PROCESSOR = "ACPI0007";
    /** A memory device. */
    public static final String MEMORY = "PNP0C80";
    /** A generic container: a socket or node with its CPUs and memory. */
    public static final String CONTAINER = "ACPI0004";
    /** A generic container, the older id. */
    public static final String CONTAINER_LEGACY = "PNP0A05";
    /** A module device. */
    public static final String MODULE = "ACPI0010";

    private Hid() {
    }
}
