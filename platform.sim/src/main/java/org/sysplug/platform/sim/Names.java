package org.sysplug.platform.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Kernel device names as sysfs spells them, and compact lists of them ({@code cpu8-15}). */
final class Names {

    private Names() {
    }

    static String cpu(int id) {
        return "cpu" + id;
    }

    static String memory(int block) {
        return "memory" + block;
    }

    static String node(int id) {
        return "node" + id;
    }

    /** {@code cpu8-11,14} for the ids 8, 9, 10, 11, 14 (the kernel's cpulist format, prefixed). */
    static String list(String prefix, Collection<Integer> ids) {
        List<String> parts = new ArrayList<>();
        Integer first = null;
        Integer last = null;
        for (int id : new TreeSet<>(ids)) {
            if (last != null && id == last + 1) {
                last = id;
                continue;
            }
            if (first != null) {
                parts.add(first.equals(last) ? "" + first : first + "-" + last);
            }
            first = id;
            last = id;
        }
        if (first != null) {
            parts.add(first.equals(last) ? "" + first : first + "-" + last);
        }
        return prefix + String.join(",", parts);
    }
}
