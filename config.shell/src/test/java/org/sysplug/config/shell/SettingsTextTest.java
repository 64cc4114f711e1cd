package org.sysplug.config.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What config:list and config:get print, for the modules' real descriptions. */
class SettingsTextTest {

    private static PidSettings acpi(Map<String, Object> values) throws Exception {
        return new PidSettings("org.sysplug.firmware.acpi", "sysplug ACPI", "The ACPI core.", "org.sysplug.firmware.acpi",
                List.of(Descriptors.attribute("org.sysplug.firmware.acpi.core.AcpiConfig", "eject.policy")), values);
    }

    private static PidSettings queue(Map<String, Object> values) throws Exception {
        String ocd = "org.sysplug.framework.core.QueueConfig";
        return new PidSettings("org.sysplug.framework.queue", "sysplug request queue", null, "org.sysplug.framework.core",
                List.of(Descriptors.attribute(ocd, "capacity"), Descriptors.attribute(ocd, "handler.timeout.ms")), values);
    }

    @Test
    void getShowsValueSetTypeDefaultThenEachDescriptionAndItsOptions() throws Exception {
        String text = SettingsText.get(acpi(Map.of("service.pid", "org.sysplug.firmware.acpi", "eject.policy", "demand-offline")));
        assertThat(text.lines().toList()).contains(
                "KEY           VALUE           SET  TYPE    DEFAULT",
                "eject.policy  demand-offline  yes  String  offline-then-eject",
                "  options: offline-then-eject (offline everything, then eject), demand-offline (refuse unless already offline)");
        assertThat(text).startsWith("org.sysplug.firmware.acpi: sysplug ACPI (bundle org.sysplug.firmware.acpi)\nThe ACPI core.");
        assertThat(SettingsText.get(acpi(null))).contains("eject.policy  offline-then-eject  no   String  offline-then-eject");
    }

    @Test
    void aKeyAConfigurationSetsWithoutADescriptionIsShownAsSuch() throws Exception {
        String text = SettingsText.get(acpi(Map.of("eject.policy", "demand-offline", "typo.key", 3)));
        assertThat(text).contains("typo.key      3               yes  Integer  -")
                .contains("typo.key: set by a configuration, not described by Metatype");
    }

    @Test
    void keysAndValuesFromAFileAreShownWithTheirControlCharactersEscaped() throws Exception {
        // a garbage .cfg dropped into deploy/ gives keys and values with any byte in them
        String text = SettingsText.get(acpi(Map.of("eject.policy", "demand\u001b[2Joffline", "k\u0007ey", "a\nb")));
        assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007")
                .contains("demand\\u001b[2Joffline", "k\\u0007ey", "a\\nb");
    }

    @Test
    void jsonTypesValuesAndDefaultsAsTheComponentReadsThem() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(SettingsText.getJson(queue(Map.of("capacity", 8))));
        JsonNode capacity = doc.get("settings").get(0);
        assertThat(capacity.get("value").isInt()).isTrue();
        assertThat(capacity.get("value").asInt()).isEqualTo(8);
        assertThat(capacity.get("default").asInt()).isEqualTo(64);
        assertThat(capacity.get("type").asText()).isEqualTo("int");
        assertThat(capacity.get("set").asBoolean()).isTrue();
        JsonNode timeout = doc.get("settings").get(1);
        assertThat(timeout.get("value").isIntegralNumber()).isTrue();
        assertThat(timeout.get("set").asBoolean()).isFalse();
        assertThat(doc.get("set").asBoolean()).isTrue();

        JsonNode policy = new ObjectMapper().readTree(SettingsText.getJson(acpi(null))).get("settings").get(0);
        assertThat(policy.get("options").get(1).get("value").asText()).isEqualTo("demand-offline");
        assertThat(policy.get("options").get(1).get("label").asText()).isEqualTo("refuse unless already offline");
    }

    @Test
    void listSaysWhetherAnythingIsSetConfigAdminsOwnKeysAside() throws Exception {
        String text = SettingsText.list(List.of(acpi(Map.of("service.pid", "org.sysplug.firmware.acpi")), queue(Map.of("capacity", 8)),
                new PidSettings("org.example.undescribed", null, null, null, List.of(), Map.of("a", "b"))));
        assertThat(text.lines().toList()).containsExactly(
                "PID                          SET  NAME",
                "org.sysplug.firmware.acpi    no   sysplug ACPI",
                "org.sysplug.framework.queue  yes  sysplug request queue",
                "org.example.undescribed      yes  (no Metatype description)");
        JsonNode list = new ObjectMapper().readTree(SettingsText.listJson(List.of(queue(null))));
        assertThat(list.get(0).get("described").asBoolean()).isTrue();
        assertThat(list.get(0).get("set").asBoolean()).isFalse();
    }
}
