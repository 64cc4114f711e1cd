package org.sysplug.framework.core;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.sysplug.framework.Handler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;

/**
 * Reads a handler service's {@link Handler} properties, strictly: a missing or malformed phase
 * or rank refuses the handler with a message that names it, rather than ranking it as 0.
 */
final class HandlerProperties {

    /** What a handler declared. */
    record Declared(Phase phase, int rank, Set<Kind> kinds) {
    }

    private HandlerProperties() {
    }

    /**
     * @param lookup the service property getter
     * @throws IllegalArgumentException saying, in one line that follows the handler's name, what
     *         is wrong and how to declare it
     */
    static Declared read(java.util.function.Function<String, Object> lookup) {
        Object phaseValue = lookup.apply(Handler.PHASE);
        if (phaseValue == null) {
            throw refuse("has no " + Handler.PHASE + " property");
        }
        Phase phase;
        try {
            phase = Phase.valueOf(phaseValue.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw refuse("has " + Handler.PHASE + "=" + phaseValue + ", which is not one of "
                    + java.util.Arrays.toString(Phase.values()));
        }
        Object orderValue = lookup.apply(Handler.ORDER);
        if (!(orderValue instanceof Integer) && !(orderValue instanceof Long) && !(orderValue instanceof Short)) {
            throw refuse(orderValue == null ? "has no " + Handler.ORDER + " property"
                    : "has " + Handler.ORDER + "=" + orderValue + " of type " + orderValue.getClass().getSimpleName()
                            + "; it must be an Integer");
        }
        long rank = ((Number) orderValue).longValue();
        if (!Order.isValid(rank)) {
            throw refuse("has " + Handler.ORDER + "=" + rank + ", outside " + Order.MIN + ".." + Order.MAX);
        }
        return new Declared(phase, (int) rank, kinds(lookup.apply(Handler.KINDS)));
    }

    private static Set<Kind> kinds(Object value) {
        if (value == null) {
            return EnumSet.allOf(Kind.class);
        }
        Collection<?> names;
        if (value instanceof String s) {
            names = java.util.List.of(s);
        } else if (value instanceof String[] array) {
            names = java.util.List.of(array);
        } else if (value instanceof Collection<?> c) {
            names = c;
        } else {
            throw refuse("has " + Handler.KINDS + " of type " + value.getClass().getSimpleName()
                    + "; it must be a String or String[] of " + java.util.Arrays.toString(Kind.values()));
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (Object n : names) {
            try {
                kinds.add(Kind.valueOf(n.toString().trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw refuse("has " + Handler.KINDS + " containing '" + n + "', which is not one of "
                        + java.util.Arrays.toString(Kind.values()));
            }
        }
        if (kinds.isEmpty()) {
            throw refuse("serves no kind of operation (" + Handler.KINDS + " is empty)");
        }
        return kinds;
    }

    private static IllegalArgumentException refuse(String problem) {
        return new IllegalArgumentException("it " + problem
                + "; declare it with @Handler(phase = ..., order = Order....) on the component");
    }
}
