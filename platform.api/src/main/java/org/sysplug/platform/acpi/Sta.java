package org.sysplug.platform.acpi;

/** The bits of {@code _STA} (ACPI 6.5, 6.3.7). */
public final class Sta {

    public static final int PRESENT = 0x1;
    public static final int ENABLED = 0x2;
    public static final int SHOWN = 0x4;
    public static final int FUNCTIONING = 0x8;
    /** What a present, working device reports. */
    public static final int PRESENT_AND_WORKING = PRESENT | ENABLED | SHOWN | FUNCTIONING;

    private Sta() {
    }

    public static boolean present(int sta) {
        return (sta & PRESENT) != 0;
    }

    public static boolean enabled(int sta) {
        return (sta & ENABLED) != 0;
    }
}
