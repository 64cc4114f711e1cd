package org.sysplug.launcher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Decides, from Declarative Services' own account of its components, whether every Gogo command
 * a component will offer is known to Gogo: then a command Gogo does not know will never come,
 * and the one-shot launcher can say "Command not found" at once instead of waiting.
 *
 * <p>SCR activates and registers asynchronously: a component enabled by another one
 * ({@code ComponentContext.enableComponent}, as the backend switches do) is activated on SCR's
 * own thread, and a command whose reference waits for a slow component appears only once that
 * one is registered. So a command component is still <em>pending</em> while it can make progress:
 * <ul>
 * <li>enabled, but not yet taken up by SCR's thread;</li>
 * <li>satisfied but its service not yet registered, or immediate and still activating;</li>
 * <li>unsatisfied with no reference missing (SCR is about to activate it);</li>
 * <li>missing a reference that a pending component will provide, or that a registered service
 *     matches which SCR has not bound yet;</li>
 * <li>waiting for a configuration ConfigAdmin already holds (on its way to SCR);</li>
 * <li>registered, but Gogo does not list all of its commands yet.</li>
 * </ul>
 * A component that failed to activate, waits for a configuration nobody has, or misses a service
 * that no component can provide, cannot be satisfied without a change from outside: it does not
 * hold the answer back. Commands registered outside Declarative Services are registered by their
 * bundles' activators while the framework starts, before the launcher asks.
 */
final class CommandSet {

    private static final Filter NOTHING = nothing();

    private final List<ComponentState> components;
    /** Memo of {@link #pending}; a component being decided counts as not pending (a cycle cannot move by itself). */
    private final Map<ComponentState, Boolean> decided = new HashMap<>();

    private CommandSet(List<ComponentState> components) {
        this.components = components;
    }

    /**
     * True when no command component is pending (see the class comment).
     *
     * @param components every enabled component configuration of the framework
     * @param known whether Gogo lists a {@code scope:function}
     */
    static boolean complete(List<ComponentState> components, Predicate<String> known) {
        CommandSet set = new CommandSet(components);
        for (ComponentState component : components) {
            List<String> commands = component.commands();
            if (commands.isEmpty()) {
                continue;
            }
            if (set.pending(component) || (component.registered() && !commands.stream().allMatch(known))) {
                return false;
            }
        }
        return true;
    }

    private boolean pending(ComponentState component) {
        Boolean known = decided.get(component);
        if (known != null) {
            return known;
        }
        decided.put(component, false);
        boolean pending = decide(component);
        decided.put(component, pending);
        return pending;
    }

    private boolean decide(ComponentState c) {
        switch (c.state()) {
            case ComponentState.SATISFIED:
                return !c.registered() || c.immediate(); // registering, or an immediate one activating
            case ComponentState.ACTIVE:
                return !c.registered();
            case ComponentState.UNSATISFIED_CONFIGURATION:
                return c.awaitsConfiguration();
            case ComponentState.UNSATISFIED_REFERENCE:
                return c.missing().isEmpty() || c.missing().stream().anyMatch(m -> canArrive(m, c));
            case ComponentState.FAILED_ACTIVATION:
                return false; // only a change from outside revives it
            default:
                // No state of the specification: enabled, and SCR's thread has not enabled it yet (Felix SCR
                // reports -1 for a configuration between enableComponent and its asynchronous enable).
                return true;
        }
    }

    /** Whether a component other than {@code of} may still satisfy this missing reference. */
    private boolean canArrive(ComponentState.Missing missing, ComponentState of) {
        Filter target = filter(missing.target());
        for (ComponentState provider : components) {
            if (provider == of || !provider.services().contains(missing.service())) {
                continue;
            }
            if (target != null && !target.matches(serviceProperties(provider))) {
                continue;
            }
            boolean unbound = provider.serviceId() >= 0 && !missing.matched().contains(provider.serviceId());
            if (unbound || pending(provider)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> serviceProperties(ComponentState provider) {
        Map<String, Object> properties = new HashMap<>(provider.properties());
        properties.put("objectClass", provider.services().toArray(String[]::new));
        return properties;
    }

    /** The target filter, or null for any service; one that does not parse matches nothing SCR could bind either. */
    private static Filter filter(String target) {
        if (target == null || target.isBlank()) {
            return null;
        }
        try {
            return FrameworkUtil.createFilter(target);
        } catch (InvalidSyntaxException e) {
            return NOTHING;
        }
    }

    private static Filter nothing() {
        try {
            return FrameworkUtil.createFilter("(!(objectClass=*))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
