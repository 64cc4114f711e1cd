package org.sysplug.config.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.osgi.framework.dto.ServiceReferenceDTO;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * When a component configuration counts as having taken a change: Declarative Services shows the
 * new configuration properties before the component's modified method ran, and the service's
 * properties only after, so the service decides when there is one.
 */
class ConfigAppliedTest {

    private static final Predicate<Object> DEMAND = v -> Objects.equals(v, "demand-offline");

    private static ComponentConfigurationDTO user(Map<String, Object> properties, Map<String, Object> service) {
        ComponentConfigurationDTO dto = new ComponentConfigurationDTO();
        dto.state = ComponentConfigurationDTO.ACTIVE;
        dto.properties = properties;
        if (service != null) {
            dto.service = new ServiceReferenceDTO();
            dto.service.properties = service;
        }
        return dto;
    }

    @Test
    void receivedButNotYetModifiedIsNotTaken() {
        ComponentConfigurationDTO midway = user(Map.of("eject.policy", "demand-offline"),
                Map.of("eject.policy", "offline-then-eject"));
        assertFalse(ConfigApplied.taken(midway, "eject.policy", DEMAND));
    }

    @Test
    void takenOnceTheServiceShowsIt() {
        Map<String, Object> now = Map.of("eject.policy", "demand-offline");
        assertTrue(ConfigApplied.taken(user(now, now), "eject.policy", DEMAND));
    }

    @Test
    void notTakenWhileTheConfigurationItselfIsOld() {
        Map<String, Object> old = Map.of("eject.policy", "offline-then-eject");
        assertFalse(ConfigApplied.taken(user(old, Map.of("eject.policy", "demand-offline")), "eject.policy", DEMAND));
        assertFalse(ConfigApplied.taken(user(old, null), "eject.policy", DEMAND));
    }

    @Test
    void withoutAServiceOrForAPrivateKeyTheConfigurationIsAllThereIs() {
        assertTrue(ConfigApplied.taken(user(Map.of("eject.policy", "demand-offline"), null), "eject.policy", DEMAND));
        ComponentConfigurationDTO hidden = user(Map.of(".secret", "demand-offline"), Map.of());
        assertTrue(ConfigApplied.taken(hidden, ".secret", DEMAND));
    }

    @Test
    void aComponentBeingActivatedAgainHasNewPropertiesAndNoServiceYetAndHasNotTakenIt() {
        ComponentConfigurationDTO between = user(Map.of("eject.policy", "demand-offline"), null);
        between.description = new ComponentDescriptionDTO();
        between.description.serviceInterfaces = new String[] { "org.sysplug.policy.autoonline.NodePolicy" };
        assertFalse(ConfigApplied.taken(between, "eject.policy", DEMAND));
        between.service = new ServiceReferenceDTO();
        between.service.properties = Map.of("eject.policy", "demand-offline");
        assertTrue(ConfigApplied.taken(between, "eject.policy", DEMAND));
    }

    @Test
    void anUnsetKeyIsTakenWhenTheServiceNoLongerHasIt() {
        Predicate<Object> back = v -> v == null || Objects.equals(v, "offline-then-eject");
        assertFalse(ConfigApplied.taken(user(Map.of(), Map.of("eject.policy", "demand-offline")), "eject.policy", back));
        assertTrue(ConfigApplied.taken(user(Map.of(), Map.of()), "eject.policy", back));
    }
}
