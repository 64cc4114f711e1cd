package org.sysplug.framework.shell;

import java.util.List;

/** Ids in util-linux list syntax: {@code 0-3,8,10-11}. */
final class IdList {

    private IdList() {
    }

    /** Formats ascending ids; an empty list is {@code -}. */
    static String format(List<Integer> ids) {
        if (ids.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < ids.size()) {
            int j = i;
            while (j + 1 < ids.size() && ids.get(j + 1) == ids.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(ids.get(i));
            if (j > i) {
                sb.append('-').append(ids.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
