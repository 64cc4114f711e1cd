package org.sysplug.doctor.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Report;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The command's parsing (sysplug:submit's) and its two renderings of a report. */
class DoctorCommandTest {

    private final Report report = new Report(Instant.parse("2026-12-07T12:00:00Z"), List.of("zones", "dry-run"), List.of(
            new Finding(Severity.INFO, "zones", "node0", "MOVABLE:NORMAL is 0%", ""),
            new Finding(Severity.ERROR, "dry-run", "memory80", "hot-remove \\_SB.NOD1 would be refused: \"pinned\"",
                    "unpin it")));

    @Test
    void theRequestParsesAsSubmitParsesIt() {
        assertThat(DoctorCommand.planned(List.of())).isEmpty();
        HotplugRequest eject = DoctorCommand.planned(List.of("eject", "\\_SB.NOD1")).get(0);
        assertThat(eject.operation()).isEqualTo(Operation.HOT_REMOVE);
        assertThat(eject.targetNames()).isEqualTo("\\_SB.NOD1");
        assertThat(DoctorCommand.planned(List.of("offline", "memory40", "memory41")).get(0).targets()).hasSize(2);
        assertThatThrownBy(() -> DoctorCommand.planned(List.of("eject"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name the devices");
        assertThatThrownBy(() -> DoctorCommand.planned(List.of("frob", "cpu1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown operation 'frob'");
        assertThatThrownBy(() -> DoctorCommand.planned(List.of("offline", "_SB.NOD1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backslash");
    }

    @Test
    void humanOutputIsOneLinePerFindingWithItsFixIndentedThenASummary() {
        assertThat(ReportText.human(report)).isEqualTo("""
                ERROR dry-run memory80: hot-remove \\_SB.NOD1 would be refused: "pinned"
                      fix: unpin it
                INFO  zones node0: MOVABLE:NORMAL is 0%
                1 error, 0 warnings, 1 note from 2 checks (zones, dry-run): something would go wrong, see the ERROR lines""");
    }

    @Test
    void jsonIsOneDocumentWithEveryFinding() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(ReportText.json(report));
        assertThat(doc.get("worst").asText()).isEqualTo("ERROR");
        assertThat(doc.get("errors").asInt()).isEqualTo(1);
        assertThat(doc.get("findings")).hasSize(2);
        assertThat(doc.get("findings").get(0).get("problem").asText()).isEqualTo("hot-remove \\_SB.NOD1 would be refused: \"pinned\"");
        assertThat(doc.get("findings").get(1).get("fix").asText()).isEmpty();
        assertThat(doc.get("checks").get(1).asText()).isEqualTo("dry-run");
    }
}
