package org.sysplug.firmware.acpi;

import java.util.Collection;
import java.util.TreeSet;

/** Ids in the util-linux list syntax the operator commands take: {@code 16-23,30}. */
final class IdList {

    private IdList() {
    }

    static String format(Collection<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        Integer start = null;
        Integer last = null;
        for (int id : new TreeSet<>(ids)) {
            if (last != null && id == last + 1) {
                last = id;
                continue;
            }
            append(sb, start, last);
            start = id;
            last = id;
        }
        append(sb, start, last);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Integer start, Integer last) {
        if (start == null) {
            return;
        }
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(start);
        if (!start.equals(last)) {
            sb.append('-').append(last);
        }
    }
}
