package org.sysplug.config.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Whether the components that use a PID run with a changed setting yet. ConfigAdmin stores a
 * change at once but hands it to the components on its own thread, so without this the request an
 * operator submits right after {@code config:set} could still see the old value.
 *
 * <p>Declarative Services shows a component configuration's new properties as soon as it receives
 * the change, before the component's {@code @Modified} method has run, so those properties alone
 * say "received", not "taken". The properties of the service the component registers are updated
 * only after that method returned (or after the component was activated again), so a component
 * that registers a service has taken a public setting once its service shows it. A component
 * without a service, or a private setting (a key starting with a dot, never a service property),
 * has nothing later to show, and its configuration properties are what there is.
 */
final class ConfigApplied {

    private final ServiceComponentRuntime scr;

    ConfigApplied(ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    /** Every running component configuration that takes {@code pid}. */
    List<ComponentConfigurationDTO> users(String pid) {
        List<ComponentConfigurationDTO> users = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.configurationPid == null || !Arrays.asList(description.configurationPid).contains(pid)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                    users.add(c);
                }
            }
        }
        return users;
    }

    /** Whether this component configuration has taken {@code key} with a value {@code applied} accepts. */
    static boolean taken(ComponentConfigurationDTO user, String key, Predicate<Object> applied) {
        if (user.properties == null || !applied.test(user.properties.get(key))) {
            return false;
        }
        boolean shownByService = user.service != null && user.service.properties != null && !key.startsWith(".");
        return !shownByService || applied.test(user.service.properties.get(key));
    }

    /**
     * Waits, at most {@code millis}, until every running component that takes {@code pid} has
     * taken a {@code key} that {@code applied} accepts; true when they all have (or none runs).
     */
    boolean await(String pid, String key, Predicate<Object> applied, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!users(pid).stream().allMatch(user -> taken(user, key, applied))) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
