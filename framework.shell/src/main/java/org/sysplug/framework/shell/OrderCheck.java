package org.sysplug.framework.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.Phase;

/**
 * Checks that the modules' add and delete orders are mirror images: if module A executes before
 * module B on add (memory before CPU, so CPUs start with local memory), A must execute after B
 * on delete (CPUs go before the memory they use). A module is a bundle; its place in a list is
 * the lowest rank of its handlers there.
 */
public final class OrderCheck {

    private OrderCheck() {
    }

    public static List<String> warnings(List<HandlerInfo> handlers) {
        Map<String, Integer> add = firstRank(handlers, Phase.ADD_EXECUTE);
        Map<String, Integer> delete = firstRank(handlers, Phase.DELETE_EXECUTE);
        List<String> modules = new ArrayList<>(add.keySet());
        modules.retainAll(delete.keySet());
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            for (int j = i + 1; j < modules.size(); j++) {
                String a = modules.get(i);
                String b = modules.get(j);
                int addOrder = Integer.compare(add.get(a), add.get(b));
                if (addOrder == 0) {
                    continue;
                }
                String first = addOrder < 0 ? a : b;
                String second = addOrder < 0 ? b : a;
                if (delete.get(first) <= delete.get(second)) {
                    warnings.add(String.format(
                            "%s runs before %s on add (ADD_EXECUTE %d < %d) but not after it on delete "
                                    + "(DELETE_EXECUTE %d, %d): a removal would not undo the add in reverse; "
                                    + "give %s a higher DELETE_EXECUTE rank than %s",
                            shortName(first), shortName(second), add.get(first), add.get(second),
                            delete.get(first), delete.get(second), shortName(first), shortName(second)));
                }
            }
        }
        return warnings;
    }

    private static Map<String, Integer> firstRank(List<HandlerInfo> handlers, Phase phase) {
        Map<String, Integer> ranks = new TreeMap<>();
        for (HandlerInfo h : handlers) {
            if (h.phase() == phase) {
                ranks.merge(h.bundle(), h.rank(), Math::min);
            }
        }
        return ranks;
    }

    static String shortName(String bundle) {
        return bundle.startsWith("org.sysplug.") ? bundle.substring("org.sysplug.".length()) : bundle;
    }
}
