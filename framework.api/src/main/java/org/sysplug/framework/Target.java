package org.sysplug.framework;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device a request targets, named as an operator names it: a firmware path such as
 * {@code \_SB.NOD1}, or a class and an index such as {@code cpu5}, {@code memory32},
 * {@code node1}. Names are checked here, once, so that no handler ever receives a name that
 * could escape a sysfs tree (no slash, no dots outside a firmware path, no spaces).
 */
public record Target(String name) {

    /** An ACPI namespace path: a backslash, then 1..4 character segments joined by dots. */
    private static final Pattern FIRMWARE_PATH = Pattern.compile("\\\\[A-Z_][A-Z0-9_]{0,3}(\\.[A-Z_][A-Z0-9_]{0,3})*");
    /** A device class and its index, as sysfs names system devices. */
    private static final Pattern CLASS_INDEX = Pattern.compile("([a-z][a-z_]{0,31})([0-9]{1,9})");

    public Target {
        Objects.requireNonNull(name, "name");
        if (!FIRMWARE_PATH.matcher(name).matches() && !CLASS_INDEX.matcher(name).matches()) {
            if ((name.startsWith("_") || name.contains("."))
                    && FIRMWARE_PATH.matcher("\\" + asciiUpperCase(name)).matches()) {
                // the Gogo prompt (and most shells) eat an unquoted backslash
                throw new IllegalArgumentException("invalid device name '" + name + "': a firmware path starts with a "
                        + "backslash, which the shell removes unless quoted: type '\\" + name + "'");
            }
            throw new IllegalArgumentException("invalid device name '" + name
                    + "': name a device as cpuN, memoryN, nodeN (class and index) or as a firmware path such as \\_SB.NOD1");
        }
    }

    /**
     * Parses a name, accepting a firmware path in any case of its ASCII letters ({@code \_sb.nod1})
     * and an index with leading zeros ({@code cpu03} is {@code cpu3}, as sysfs names it).
     * Only {@code a-z} are folded: any other character reaches the check as typed, so {@code \_ſb.nod1}
     * is refused rather than taken for {@code \_SB.NOD1}.
     */
    public static Target of(String name) {
        String trimmed = Objects.requireNonNull(name, "name").trim();
        if (trimmed.startsWith("\\")) {
            String folded = asciiUpperCase(trimmed);
            if (FIRMWARE_PATH.matcher(folded).matches()) {
                return new Target(folded);
            }
        }
        // cpu03 is cpu3, as sysfs names it (one device, one name), else refused as typed
        Matcher m = CLASS_INDEX.matcher(trimmed);
        if (m.matches() && m.group(2).length() > 1 && m.group(2).startsWith("0")) {
            return new Target(m.group(1) + Integer.parseInt(m.group(2)));
        }
        return new Target(trimmed);
    }

    /**
     * {@code a-z} to {@code A-Z}, every other character kept. Unicode's upper-casing maps letters
     * from outside ACPI's alphabet into it ({@code ſ} U+017F to {@code S}, {@code ı} U+0131 to
     * {@code I}, {@code ﬀ} U+FB00 to {@code FF}), so a name checked after it would be one the
     * operator never typed.
     */
    private static String asciiUpperCase(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] = (char) (chars[i] - ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    /** True for a firmware namespace path. */
    public boolean isFirmwarePath() {
        return name.startsWith("\\");
    }

    /** The device class ({@code cpu}, {@code memory}, {@code node}...), or {@code firmware} for a path. */
    public String deviceClass() {
        if (isFirmwarePath()) {
            return "firmware";
        }
        Matcher m = CLASS_INDEX.matcher(name);
        m.matches();
        return m.group(1);
    }

    /** The index of a class-and-index name; -1 for a firmware path. */
    public int index() {
        if (isFirmwarePath()) {
            return -1;
        }
        Matcher m = CLASS_INDEX.matcher(name);
        m.matches();
        return Integer.parseInt(m.group(2));
    }

    @Override
    public String toString() {
        return name;
    }
}
