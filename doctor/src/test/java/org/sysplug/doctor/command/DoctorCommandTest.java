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

    /** A doctor a usage error never reaches. */
    private static final org.sysplug.doctor.Doctor UNREACHED = planned -> {
        throw new AssertionError("a command line that does not parse examines nothing");
    };

    @Test
    void anUnknownOptionIsAUsageErrorNamingItAndTheOptions() {
        DoctorCommand.Answer typo = DoctorCommand.answer(UNREACHED, false, List.of("--jsn"));
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.output()).isEqualTo("doctor: unknown option '--jsn': the options are --json (-j)");
        assertThat(DoctorCommand.answer(UNREACHED, false, List.of("offline", "-x", "cpu3")).output())
                .isEqualTo("doctor: unknown option '-x': the options are --json (-j)");
    }

    @Test
    void withJsonEveryErrorIsAJsonDocument() throws Exception {
        for (List<String> words : List.of(List.of("BADOP", "X"), List.of("--jsn"), List.of("eject"), List.of("offline", "_SB.NOD1"))) {
            DoctorCommand.Answer answer = DoctorCommand.answer(UNREACHED, true, words);
            assertThat(answer.status()).as(words.toString()).isEqualTo(2);
            JsonNode doc = new ObjectMapper().readTree(answer.output());
            assertThat(doc.get("error").asText()).as(words.toString()).isNotEmpty().doesNotContain("\n");
            assertThat(doc.size()).isEqualTo(1);
        }
        assertThat(new ObjectMapper().readTree(DoctorCommand.answer(UNREACHED, true, List.of("BADOP", "X")).output())
                .get("error").asText()).startsWith("unknown operation 'BADOP'");
    }

    @Test
    void aReportIsExitOneWithAnErrorAndZeroWithout() throws Exception {
        DoctorCommand.Answer failing = DoctorCommand.answer(planned -> report, true, List.of());
        assertThat(failing.status()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(failing.output()).get("worst").asText()).isEqualTo("ERROR");
        Report clean = new Report(report.at(), report.checks(), report.findings().stream().filter(f -> f.severity() != Severity.ERROR).toList());
        assertThat(DoctorCommand.answer(planned -> clean, false, List.of()).status()).isZero();
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
