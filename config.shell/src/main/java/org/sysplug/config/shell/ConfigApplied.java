package org.sysplug.config.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Whether the components that use a PID run with a changed setting yet. ConfigAdmin stores a
 * change at once but hands it to the components on its own thread, so without this the request an
 * operator submits right after {@code config:set} could still see the old value. Declarative
 * Services shows each component configuration's properties, which is where to look.
 */
final class ConfigApplied {

    private final ServiceComponentRuntime scr;

    ConfigApplied(ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    /** The properties of every running component configuration that takes {@code pid}. */
    List<Map<String, Object>> users(String pid) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.configurationPid == null || !Arrays.asList(description.configurationPid).contains(pid)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                    users.add(c.properties);
                }
            }
        }
        return users;
    }

    /**
     * Waits, at most {@code millis}, until every running component that takes {@code pid} has a
     * {@code key} that {@code applied} accepts; true when they all have (or none runs).
     */
    boolean await(String pid, String key, Predicate<Object> applied, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!users(pid).stream().allMatch(p -> applied.test(p.get(key)))) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
