package org.sysplug.config.shell;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.metatype.AttributeDefinition;

/**
 * One configuration PID as an operator sees it: what its Metatype description says (empty
 * {@code attributes} and a null name without one) and what ConfigAdmin holds for it (null
 * {@code values} without a configuration).
 *
 * @param bundle the symbolic name of the bundle that describes it, or null
 */
record PidSettings(String pid, String name, String description, String bundle, List<AttributeDefinition> attributes,
                   Map<String, Object> values) {

    PidSettings {
        attributes = List.copyOf(attributes);
        values = values == null ? null : Map.copyOf(values);
    }

    /** Whether a configuration sets anything (ConfigAdmin's own {@code service.*} keys aside). */
    boolean set() {
        return values != null && values.keySet().stream().anyMatch(k -> !ConfigStore.isBookkeeping(k));
    }

    boolean described() {
        return !attributes.isEmpty();
    }

    Optional<AttributeDefinition> attribute(String key) {
        return attributes.stream().filter(a -> a.getID().equals(key)).findFirst();
    }

    /** The value set for {@code key}, or null. */
    Object value(String key) {
        return values == null ? null : values.get(key);
    }
}
