package org.sysplug.firmware.acpi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.platform.sim.TestMachine;

/** The module's settings: the eject policy, read from a configuration and changed in place. */
class AcpiSettingsTest {

    private final TestMachine machine = TestMachine.boot("default");
    private final TestLog log = new TestLog();

    @Test
    void ejectPolicyParsesItsTwoValues() {
        assertThat(EjectPolicy.parse("offline-then-eject")).isEqualTo(EjectPolicy.OFFLINE_THEN_EJECT);
        assertThat(EjectPolicy.parse(" Demand_Offline ")).isEqualTo(EjectPolicy.DEMAND_OFFLINE);
        assertThatThrownBy(() -> EjectPolicy.parse("yolo")).hasMessageContaining("offline-then-eject or demand-offline");
        assertThat(EjectPolicy.DEFAULT).isEqualTo(EjectPolicy.OFFLINE_THEN_EJECT);
    }

    @Test
    void configurationAppliesInPlaceAndABadValueKeepsThePolicy() {
        AcpiNamespace namespace = new AcpiNamespace(machine.firmware(), log.logger());
        AcpiSettings configured = new AcpiSettings(config("demand-offline"), log.logger());
        assertThat(configured.ejectPolicy()).isEqualTo(EjectPolicy.DEMAND_OFFLINE);
        List<AcpiObject> objects = namespace.objects();

        configured.modified(config("offline-then-eject"));
        assertThat(configured.ejectPolicy()).isEqualTo(EjectPolicy.OFFLINE_THEN_EJECT);
        configured.modified(config("sometimes"));
        assertThat(configured.ejectPolicy()).isEqualTo(EjectPolicy.OFFLINE_THEN_EJECT);
        assertThat(log.lines()).anyMatch(l -> l.startsWith("ERROR unknown eject.policy 'sometimes'"));
        // the objects are the same ones: nothing was enumerated again
        assertThat(namespace.objects()).containsExactlyElementsOf(objects);

        AcpiSettings broken = new AcpiSettings(config("sometimes"), log.logger());
        assertThat(broken.ejectPolicy()).isEqualTo(EjectPolicy.DEFAULT);
    }

    private static AcpiConfig config(String policy) {
        return new AcpiConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AcpiConfig.class;
            }

            @Override
            public String eject_policy() {
                return policy;
            }
        };
    }
}
