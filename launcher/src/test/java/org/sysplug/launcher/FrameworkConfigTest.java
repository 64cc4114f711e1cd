package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameworkConfigTest {

    private static final Path CACHE = Path.of("/tmp/sysplug-x/felix-cache");

    @Test
    void defaultsGiveAFreshQuietCache() {
        Map<String, String> config = FrameworkConfig.build(CACHE, Map.of(), Map.of(), Map.of());
        assertEquals(CACHE.toString(), config.get("org.osgi.framework.storage"));
        assertEquals("onFirstInit", config.get("org.osgi.framework.storage.clean"));
        assertEquals("1", config.get("felix.log.level"));
    }

    @Test
    void frameworkSystemPropertiesOverrideDefaultsAndOptionsOverrideBoth() {
        Map<String, String> defaults = Map.of("gosh.args", "--nohistory", "gosh.home", "/tmp/g");
        Map<String, String> system = Map.of(
                "felix.log.level", "4",
                "gosh.args", "-x",
                "user.home", "/root");
        Map<String, String> options = Map.of("gosh.home", "/home/me/gosh", "custom", "x");

        Map<String, String> config = FrameworkConfig.build(CACHE, defaults, system, options);

        assertEquals("4", config.get("felix.log.level"));
        assertEquals("-x", config.get("gosh.args"));
        assertEquals("/home/me/gosh", config.get("gosh.home"));
        assertEquals("x", config.get("custom"));
        // other system properties stay where bundles find them anyway: System.getProperty
        assertFalse(config.containsKey("user.home"));
    }
}
