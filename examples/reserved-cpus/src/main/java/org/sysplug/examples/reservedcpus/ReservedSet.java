package org.sysplug.examples.reservedcpus;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.sysplug.platform.IdList;

/**
 * The reserved CPUs as configured: the ids, or why the setting cannot be read. A policy that
 * cannot read its policy refuses rather than lets everything through, so an unreadable list is
 * kept (with its error) instead of being taken as empty.
 *
 * @param text the setting as given
 * @param cpus the reserved ids, empty when {@code error} is set
 * @param error why {@code text} is not a util-linux list, or null
 */
record ReservedSet(String text, Set<Integer> cpus, String error) {

    ReservedSet {
        cpus = Set.copyOf(cpus);
    }

    static ReservedSet parse(String text) {
        String list = text == null ? "" : text.strip();
        if (list.isEmpty()) {
            return new ReservedSet(list, Set.of(), null);
        }
        try {
            return new ReservedSet(list, new TreeSet<>(IdList.parse(list)), null);
        } catch (IllegalArgumentException e) {
            return new ReservedSet(list, Set.of(), e.getMessage());
        }
    }

    /** Those of {@code ids} that are reserved, lowest first, as the message lists them. */
    List<Integer> reservedAmong(List<Integer> ids) {
        return ids.stream().filter(cpus::contains).sorted().toList();
    }
}
