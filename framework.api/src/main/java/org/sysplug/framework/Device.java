package org.sysplug.framework;

import java.util.Map;
import java.util.Objects;

/**
 * A device a handler found while a request ran (for example a processor object below a
 * container), recorded in the request for later handlers.
 *
 * @param name the device as an operator names it ({@code \_SB.NOD1.CPU0}, {@code cpu5})
 * @param type what it is, in the recording module's words ({@code processor}, {@code container})
 * @param properties anything else worth passing on, as text
 */
public record Device(String name, String type, Map<String, String> properties) {

    public Device {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        properties = Map.copyOf(properties);
    }

    public Device(String name, String type) {
        this(name, type, Map.of());
    }
}
