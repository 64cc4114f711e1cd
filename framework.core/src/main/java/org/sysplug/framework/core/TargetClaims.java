package org.sysplug.framework.core;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sysplug.framework.Target;

/**
 * Which of a request's targets the handlers of one step took. Handlers take targets in the order
 * the request gives them, so a claim is first compared with the target after the last one taken:
 * a 1,024-device request costs 1,024 comparisons instead of 1,024 insertions into a hash set
 * (which were most of the framework's time on such a request). A target claimed out of order is
 * found by its position; a claim of a device the request does not name changes nothing, as no
 * check looks at it. Not thread-safe: {@link RequestRun} keeps one per step and guards it.
 */
final class TargetClaims {

    private final List<Target> targets;
    private final BitSet taken;
    /** The position after the last one taken: where the next claim most likely is. */
    private int next;
    /** Each target's first position, built on the first claim out of order. */
    private Map<Target, Integer> positions;

    TargetClaims(List<Target> targets) {
        this.targets = targets;
        this.taken = new BitSet(targets.size());
    }

    void claim(Target target) {
        int at = next < targets.size() && isSame(targets.get(next), target) ? next : positionOf(target);
        if (at >= 0) {
            taken.set(at);
            next = at + 1;
        }
    }

    /** Most claims pass the request's own target object: compared by identity before by name. */
    private static boolean isSame(Target expected, Target claimed) {
        return expected == claimed || expected.equals(claimed);
    }

    /**
     * The targets not taken, each once, in the order given. A target the request names twice is
     * taken when either of its positions is.
     */
    List<Target> untaken() {
        return untaken(List.of());
    }

    /** The same, with {@code alsoTaken} counted as claimed too. */
    List<Target> untaken(Collection<Target> alsoTaken) {
        if (taken.cardinality() == targets.size()) {
            return List.of();
        }
        Set<Target> claimed = new HashSet<>(alsoTaken);
        for (int i = taken.nextSetBit(0); i >= 0; i = taken.nextSetBit(i + 1)) {
            claimed.add(targets.get(i));
        }
        Set<Target> out = new LinkedHashSet<>();
        for (Target t : targets) {
            if (!claimed.contains(t)) {
                out.add(t);
            }
        }
        return new ArrayList<>(out);
    }

    private int positionOf(Target target) {
        if (positions == null) {
            positions = new HashMap<>(targets.size() * 2);
            for (int i = targets.size() - 1; i >= 0; i--) {
                positions.put(targets.get(i), i); // walking backwards leaves each target's first position
            }
        }
        Integer at = positions.get(target);
        return at == null ? -1 : at;
    }
}
