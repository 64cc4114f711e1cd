package org.sysplug.frontend.sysfs;

/** What a write to an attribute holds, read as the kernel reads it. */
final class Values {

    private Values() {
    }

    /**
     * The kernel's {@code kstrtobool}: {@code 1 y Y on} are true, {@code 0 n N off} false, judged
     * on the first characters (so {@code "1\n"} and {@code "yes"} count).
     *
     * @throws SysfsError EINVAL for anything else, naming the file
     */
    static boolean bool(String value, String file) throws SysfsError {
        if (!value.isEmpty()) {
            switch (value.charAt(0)) {
                case '1', 'y', 'Y':
                    return true;
                case '0', 'n', 'N':
                    return false;
                case 'o', 'O':
                    if (value.length() > 1) {
                        char c = value.charAt(1);
                        if (c == 'n' || c == 'N') {
                            return true;
                        }
                        if (c == 'f' || c == 'F') {
                            return false;
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        throw new SysfsError(Errnos.EINVAL, file + ": '" + printable(value) + "' is not a boolean: write 1 or 0");
    }

    /** The word written, without the one trailing newline {@code echo} adds (the kernel's {@code sysfs_streq}). */
    static String word(String value) {
        return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    }

    /** The number in a directory name {@code cpu12} for prefix {@code cpu}, or -1 if it is not one (no sign, no leading zero). */
    static int index(String name, String prefix) {
        if (!name.startsWith(prefix) || name.length() == prefix.length() || name.length() > prefix.length() + 9) {
            return -1;
        }
        int n = 0;
        for (int i = prefix.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || (c == '0' && i == prefix.length() && name.length() > i + 1)) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** A written value for a log line: at most 40 characters, control characters shown as {@code ?}. */
    static String printable(String value) {
        String v = word(value);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length() && i < 40; i++) {
            char c = v.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return v.length() > 40 ? sb + "..." : sb.toString();
    }
}
