package org.sysplug.framework;

import java.util.Comparator;
import java.util.Set;

/**
 * A handler as the framework tracks it: where it runs and who provides it. Phase, rank and kinds
 * are captured when the handler arrives and do not change while it is registered.
 *
 * @param name the handler's name: its component name, or its class name
 * @param bundle the symbolic name of the bundle that registered it
 * @param bundleId that bundle's id
 * @param serviceId the handler service's id
 * @param phase its list
 * @param rank its order rank
 * @param kinds the kinds of operation it serves
 */
public record HandlerInfo(String name, String bundle, long bundleId, long serviceId, Phase phase, int rank,
        Set<Kind> kinds) {

    /**
     * The order within a list: ascending rank; equal ranks by handler name, then by service id
     * (the order of arrival), so that the order does not depend on which bundle started first.
     */
    public static final Comparator<HandlerInfo> TIE_ORDER = Comparator.comparingInt(HandlerInfo::rank)
            .thenComparing(HandlerInfo::name)
            .thenComparingLong(HandlerInfo::serviceId);

    public HandlerInfo {
        kinds = Set.copyOf(kinds);
    }

    /** True when this handler takes part in {@code operation}. */
    public boolean serves(Operation operation) {
        return kinds.contains(operation.kind()) && operation.phases().contains(phase);
    }
}
