package org.sysplug.launcher;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One enabled component configuration, as Declarative Services reports it in its runtime DTOs,
 * reduced to what decides whether it may still register a service: see {@link CommandSet}.
 *
 * @param id the configuration's {@code component.id}; a component that has no configuration yet
 *        (its configuration is required and absent) gets a negative one
 * @param state the DTO's state: {@link #UNSATISFIED_CONFIGURATION}, {@link #UNSATISFIED_REFERENCE},
 *        {@link #SATISFIED}, {@link #ACTIVE} or {@link #FAILED_ACTIVATION}
 * @param immediate activated as soon as it is satisfied
 * @param services the service types it registers (none for a component without a service)
 * @param serviceId the id of its registered service, or -1 when none is registered (always -1
 *        without services)
 * @param properties its properties, which its service carries
 * @param awaitsConfiguration it waits for a configuration that ConfigAdmin already has (on its way)
 * @param missing its references that are not satisfied
 */
record ComponentState(long id, int state, boolean immediate, Set<String> services, long serviceId,
                      Map<String, Object> properties, boolean awaitsConfiguration, List<Missing> missing) {

    static final int UNSATISFIED_CONFIGURATION = 1;
    static final int UNSATISFIED_REFERENCE = 2;
    static final int SATISFIED = 4;
    static final int ACTIVE = 8;
    static final int FAILED_ACTIVATION = 16;

    /**
     * An unsatisfied reference: the service type it wants, its target filter (null for any) and the
     * ids of the services that match it already (too few of them, or it would be satisfied).
     */
    record Missing(String service, String target, Set<Long> matched) {
    }

    ComponentState {
        services = Set.copyOf(services);
        properties = Map.copyOf(properties);
        missing = List.copyOf(missing);
    }

    /** Its service is in the registry, or it has none to register. */
    boolean registered() {
        return services.isEmpty() || serviceId >= 0;
    }

    /** The {@code scope:function} names of the Gogo commands its service offers, none if it offers none. */
    List<String> commands() {
        Object scope = properties.get("osgi.command.scope");
        Object functions = properties.get("osgi.command.function");
        if (scope == null || functions == null || services.isEmpty()) {
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>();
        if (functions instanceof String[] array) {
            for (String function : array) {
                names.add(scope + ":" + function);
            }
        } else if (functions instanceof java.util.Collection<?> collection) {
            for (Object function : collection) {
                names.add(scope + ":" + function);
            }
        } else {
            names.add(scope + ":" + functions);
        }
        return names;
    }
}
