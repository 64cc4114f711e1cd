package org.sysplug.platform.sim;

import java.util.Collection;
import org.sysplug.platform.IdList;

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
        return IdList.format(prefix, ids);
    }
}
