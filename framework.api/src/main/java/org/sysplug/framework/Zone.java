package org.sysplug.framework;

import java.util.Locale;

/** Memory zones as Linux names them in {@code valid_zones}. */
public enum Zone {
    /** No zone chosen: the memory module's policy decides. */
    UNSPECIFIED("none"),
    DMA("DMA"),
    DMA32("DMA32"),
    NORMAL("Normal"),
    MOVABLE("Movable");

    private final String sysfsName;

    Zone(String sysfsName) {
        this.sysfsName = sysfsName;
    }

    /** The name the kernel prints in {@code valid_zones}. */
    public String sysfsName() {
        return sysfsName;
    }

    /** Parses a zone as the kernel or an operator writes it ({@code Movable}, {@code movable}, {@code kernel}). */
    public static Zone parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("kernel")) {
            return NORMAL;
        }
        for (Zone z : values()) {
            if (z.sysfsName.toLowerCase(Locale.ROOT).equals(t) || z.name().toLowerCase(Locale.ROOT).equals(t)) {
                return z;
            }
        }
        throw new IllegalArgumentException("unknown memory zone '" + text + "': use movable, kernel (Normal), DMA or DMA32");
    }
}
