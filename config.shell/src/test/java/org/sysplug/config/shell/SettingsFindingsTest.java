package org.sysplug.config.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;

/**
 * The doctor's settings check on the queue's real Metatype description: a value a .cfg file put in
 * ConfigAdmin that the description refuses is an ERROR naming PID, key, value and rule.
 */
class SettingsFindingsTest {

    private static final String QUEUE = "org.sysplug.framework.queue";
    private static final String OCD = "org.sysplug.framework.core.QueueConfig";

    private static PidSettings queue(Map<String, Object> values) throws Exception {
        List<AttributeDefinition> attributes = List.of(Descriptors.attribute(OCD, "capacity"),
                Descriptors.attribute(OCD, "history"), Descriptors.attribute(OCD, "stuck.after.ms"));
        return new PidSettings(QUEUE, "sysplug request queue", "", "org.sysplug.framework.core", attributes, values);
    }

    @Test
    void valuesTheDescriptionAcceptsAreNoFinding() throws Exception {
        assertThat(SettingsFindings.of(List.of(queue(Map.of("capacity", "8", "history", 3, "stuck.after.ms", 250L)))))
                .isEmpty();
        assertThat(SettingsFindings.of(List.of(queue(null)))).as("no configuration").isEmpty();
    }

    @Test
    void eachRefusedValueIsAnErrorNamingPidKeyValueAndRule() throws Exception {
        List<Finding> found = SettingsFindings.of(List.of(queue(Map.of("capacity", "0", "history", "-1",
                "stuck.after.ms", "abc"))));

        assertThat(found).extracting(Finding::subject).containsExactly(QUEUE + " capacity", QUEUE + " history",
                QUEUE + " stuck.after.ms");
        assertThat(found).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.check()).isEqualTo("settings");
            assertThat(f.problem()).startsWith("a stored setting is not in force: " + QUEUE + " ");
            assertThat(f.fix()).startsWith("config:set " + QUEUE + " ");
        });
        assertThat(found.get(0).problem()).contains("capacity=0 is out of its range").contains("1 or more");
        assertThat(found.get(2).problem()).contains("stuck.after.ms=abc is not long");
    }

    @Test
    void aListIsCheckedAsTheCommaSeparatedTextAnOperatorTypes() {
        assertThat(ValueRule.text(new Integer[] { 2, 3 })).isEqualTo("2,3");
        assertThat(ValueRule.text(List.of("a", "b"))).isEqualTo("a,b");
        assertThat(ValueRule.text(5L)).isEqualTo("5");
    }
}
