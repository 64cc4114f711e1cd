package org.sysplug.platform.sim.description;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Sizes and physical addresses as an operator writes them: {@code 128MiB}, {@code 128M},
 * {@code 0x8000000}, {@code 134217728}, {@code 1_000}. K, M, G, T and P are binary, as the
 * kernel's {@code memparse} reads them; KB, MB, GB are refused because they are ambiguous.
 */
public final class ByteSize {

    public static final long KIB = 1L << 10;
    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    public static final long TIB = 1L << 40;
    public static final long PIB = 1L << 50;

    private static final String[] UNITS = {"K", "M", "G", "T", "P"};

    private ByteSize() {
    }

    /** The value of {@code text}, or empty when it is not a size (the caller names the field). */
    static OptionalLong parse(String text) {
        String t = text.trim().replace("_", "").replace(" ", "");
        if (t.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                long value = Long.parseUnsignedLong(t.substring(2), 16);
                return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
            }
            int digits = 0;
            while (digits < t.length() && Character.isDigit(t.charAt(digits))) {
                digits++;
            }
            if (digits == 0) {
                return OptionalLong.empty();
            }
            long number = Long.parseLong(t.substring(0, digits));
            long unit = unit(t.substring(digits));
            if (unit <= 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.multiplyExact(number, unit));
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether {@code text} uses a decimal-looking unit (KB, MB, GB, TB) that we refuse to guess. */
    static boolean ambiguousUnit(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        return t.matches(".*\\d\\s*[KMGTP]B");
    }

    private static long unit(String suffix) {
        String s = suffix.toUpperCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("B")) {
            return 1;
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (s.equals(UNITS[i]) || s.equals(UNITS[i] + "IB")) {
                return 1L << (10 * (i + 1));
            }
        }
        return -1;
    }

    /** {@code 8GiB}, {@code 128MiB}, or the exact bytes when no binary unit divides them. */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        for (int i = UNITS.length - 1; i >= 0; i--) {
            long unit = 1L << (10 * (i + 1));
            if (bytes % unit == 0) {
                return bytes / unit + UNITS[i] + "iB";
            }
        }
        return bytes + "B";
    }

    /** A physical address as the kernel prints it: {@code 0x240000000}. */
    public static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
