package org.sysplug.doctor.checks;

import java.util.Locale;

/** Sizes as lsmem prints them: {@code 128M}, {@code 8G}, {@code 1.5T}. */
final class Sizes {

    private static final String[] UNITS = { "B", "K", "M", "G", "T", "P" };

    private Sizes() {
    }

    static String of(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%d%s", (long) value, UNITS[unit]);
        }
        return String.format(Locale.ROOT, "%.1f%s", value, UNITS[unit]);
    }
}
