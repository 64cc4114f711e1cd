package org.sysplug.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Felix configuration of one run: the launcher's defaults, overridden by framework-looking
 * system properties ({@code java -Dfelix.log.level=4 -jar ...}), overridden by {@code -D} options
 * given after the jar.
 *
 * <p>Only framework-looking system properties are copied: Felix reads its own settings from the
 * configuration map alone, whereas any other property is visible to bundles anyway, because
 * {@code BundleContext.getProperty} falls back to the system properties.
 */
public final class FrameworkConfig {

    private static final List<String> FRAMEWORK_PREFIXES = List.of("org.osgi.", "felix.", "gosh.", "sysplug.");

    private FrameworkConfig() {
    }

    /**
     * @param storage the fresh directory for the bundle cache
     * @param defaults more launcher defaults for this run (the interactive shell's settings)
     * @param system the JVM's system properties
     * @param options the {@code -D} options given after the jar
     */
    public static Map<String, String> build(Path storage, Map<String, String> defaults,
                                            Map<String, String> system, Map<String, String> options) {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", storage.toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        // Errors only: Felix's info and debug output would bury a one-shot command's result.
        config.put("felix.log.level", "1");
        // EventAdmin prints its warnings to stdout; the usual one is a harmless race at shutdown
        // (events still queued when its thread pool stops), which would land in a command's output.
        config.put("org.apache.felix.eventadmin.LogLevel", "1");
        // The framework's UUID names this instance; it guards nothing. Felix draws it from SecureRandom
        // by default, whose first use (seeding, providers) costs a one-shot run tens of milliseconds.
        config.put("felix.uuid.secure", "false");
        config.putAll(defaults);
        system.forEach((key, value) -> {
            if (FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith)) {
                config.put(key, value);
            }
        });
        config.putAll(options);
        return config;
    }
}
