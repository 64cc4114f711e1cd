package org.sysplug.framework.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Phase;

/**
 * An immutable view of the handler set, sorted and split once per change: each list in run
 * order, and for each kind of operation the part of it that serves that kind, so that a request
 * takes its lists without filtering or copying. A request runs against one snapshot from its
 * start to its end.
 */
final class HandlerSnapshot {

    private static final Comparator<HandlerEntry> RUN_ORDER = Comparator.comparing(HandlerEntry::info,
            HandlerInfo.TIE_ORDER);

    static final HandlerSnapshot EMPTY = new HandlerSnapshot(List.of());

    private final Map<Phase, List<HandlerEntry>> byPhase = new EnumMap<>(Phase.class);
    private final Map<Kind, Map<Phase, List<HandlerEntry>>> byKind = new EnumMap<>(Kind.class);
    private final List<HandlerEntry> all;

    HandlerSnapshot(Collection<HandlerEntry> entries) {
        List<HandlerEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((HandlerEntry e) -> e.info().phase()).thenComparing(RUN_ORDER));
        this.all = List.copyOf(sorted);
        for (Phase phase : Phase.values()) {
            byPhase.put(phase, sorted.stream().filter(e -> e.info().phase() == phase).toList());
        }
        for (Kind kind : Kind.values()) {
            Map<Phase, List<HandlerEntry>> lists = new EnumMap<>(Phase.class);
            byPhase.forEach((phase, list) -> lists.put(phase,
                    list.stream().filter(e -> e.info().kinds().contains(kind)).toList()));
            byKind.put(kind, lists);
        }
    }

    /** The handlers of one list that serve {@code operation}'s kind, in run order; an unmodifiable list. */
    List<HandlerEntry> list(Phase phase, Operation operation) {
        return byKind.get(operation.kind()).get(phase);
    }

    /** True when some handler takes part in {@code operation}. */
    boolean serves(Operation operation) {
        for (Phase phase : operation.phases()) {
            if (!list(phase, operation).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    boolean contains(HandlerEntry entry) {
        return byPhase.get(entry.info().phase()).contains(entry);
    }

    /** Every handler, by phase and then in run order. */
    List<HandlerEntry> all() {
        return all;
    }

    int size() {
        return all.size();
    }
}
