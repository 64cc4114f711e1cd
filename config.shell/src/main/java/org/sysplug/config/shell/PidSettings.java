package org.sysplug.config.shell;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.metatype.AttributeDefinition;

/**
 * One configuration PID as an operator sees it: what its Metatype description says (empty
 * {@code attributes} and a null name without one) and what ConfigAdmin holds for it (null
 * {@code values} without a configuration). A factory PID is listed as such, with the PIDs of its
 * configurations; each of those is listed too, described by its factory's Metatype.
 *
 * @param kind a plain PID, a factory PID, or one configuration of a factory
 * @param factoryPid the factory of a {@link Kind#FACTORY_CONFIGURATION}, else null
 * @param bundle the symbolic name of the bundle that describes it, or null
 * @param required the keys the description requires (a configuration without them is incomplete)
 * @param configurations the PIDs of a factory's configurations, sorted; empty for the other kinds
 */
record PidSettings(String pid, Kind kind, String factoryPid, String name, String description, String bundle,
        List<AttributeDefinition> attributes, Set<String> required, Map<String, Object> values, List<String> configurations) {

    /** Which of the three a PID is. */
    enum Kind {
        /** A PID with at most one configuration. */
        PLAIN,
        /** A factory PID: no values of its own, any number of configurations. */
        FACTORY,
        /** One configuration of a factory PID. */
        FACTORY_CONFIGURATION
    }

    PidSettings {
        attributes = List.copyOf(attributes);
        required = Set.copyOf(required);
        values = values == null ? null : Map.copyOf(values);
        configurations = List.copyOf(configurations);
    }

    /** A plain PID. */
    PidSettings(String pid, String name, String description, String bundle, List<AttributeDefinition> attributes,
            Map<String, Object> values) {
        this(pid, Kind.PLAIN, null, name, description, bundle, attributes, Set.of(), values, List.of());
    }

    /** Whether a configuration sets anything (ConfigAdmin's own {@code service.*} keys aside). */
    boolean set() {
        return values != null && values.keySet().stream().anyMatch(k -> !ConfigStore.isBookkeeping(k));
    }

    boolean described() {
        return !attributes.isEmpty();
    }

    boolean factory() {
        return kind == Kind.FACTORY;
    }

    Optional<AttributeDefinition> attribute(String key) {
        return attributes.stream().filter(a -> a.getID().equals(key)).findFirst();
    }

    /** The value set for {@code key}, or null. */
    Object value(String key) {
        return values == null ? null : values.get(key);
    }

    /** A required setting without a default: a new configuration must give it. */
    boolean mustBeGiven(AttributeDefinition a) {
        return required.contains(a.getID()) && SettingsText.defaults(a).equals(SettingsText.NONE);
    }

    /** This PID's settings with {@code values} as its configuration's (a factory's description for one configuration). */
    PidSettings withValues(String pid, Kind kind, String factoryPid, Map<String, Object> values) {
        return new PidSettings(pid, kind, factoryPid, name, description, bundle, attributes, required, values, List.of());
    }

    /** This factory with the PIDs of its configurations. */
    PidSettings withConfigurations(List<String> pids) {
        return new PidSettings(pid, kind, factoryPid, name, description, bundle, attributes, required, values, pids);
    }
}
