package org.sysplug.platform.sim.description;

import java.util.regex.Pattern;

/**
 * Namespace paths such as {@code \_SB.NOD1.CP00}. Operators often lose the leading backslash
 * (the Gogo shell reads it as an escape), so lookups accept {@code _SB.NOD1} as well.
 */
public final class AcpiPaths {

    /** ACPI name segments: one to four of A-Z, 0-9 and _, not starting with a digit (ACPI 6.5, 20.2.2). */
    private static final Pattern PATH = Pattern.compile("\\\\[A-Z_][A-Z0-9_]{0,3}(\\.[A-Z_][A-Z0-9_]{0,3})*");

    private AcpiPaths() {
    }

    /**
     * {@code _sb.nod1} and {@code \\_SB.NOD1} become {@code \_SB.NOD1}. Only a to z are upper-cased:
     * Unicode case folding would turn {@code \_ſb} into {@code \_SB}, a path the operator never wrote.
     */
    public static String canonical(String path) {
        String p = path.trim();
        int i = 0;
        while (i < p.length() && p.charAt(i) == '\\') {
            i++;
        }
        return "\\" + upper(p.substring(i));
    }

    /** Whether the canonical form of {@code path} is a valid absolute path. */
    public static boolean valid(String path) {
        return PATH.matcher(canonical(path)).matches();
    }

    /** Whether {@code text} looks like a namespace path rather than a kernel device name. */
    public static boolean looksLikePath(String text) {
        String t = text.trim();
        return t.startsWith("\\") || t.startsWith("_") || t.contains(".");
    }

    /** {@code parent.NAME}. */
    static String child(String parent, String name) {
        return parent + "." + upper(name);
    }

    private static String upper(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return out.toString();
    }
}
