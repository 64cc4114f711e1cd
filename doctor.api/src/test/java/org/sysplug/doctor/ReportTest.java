package org.sysplug.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReportTest {

    private static Finding finding(Severity s, String check, String subject) {
        return new Finding(s, check, subject, "problem", "fix");
    }

    @Test
    void findingsComeMostSevereFirstThenByCheckAndSubject() {
        Report r = new Report(Instant.EPOCH, List.of("a", "b"), List.of(
                finding(Severity.INFO, "a", "cpu1"),
                finding(Severity.ERROR, "b", "node1"),
                finding(Severity.WARNING, "b", "memory8"),
                finding(Severity.ERROR, "a", "node2"),
                finding(Severity.WARNING, "b", "memory1")));

        assertThat(r.findings()).extracting(f -> f.severity() + " " + f.check() + " " + f.subject())
                .containsExactly("ERROR a node2", "ERROR b node1", "WARNING b memory1", "WARNING b memory8",
                        "INFO a cpu1");
        assertThat(r.worst()).contains(Severity.ERROR);
    }

    @Test
    void aCleanReportHasNoWorstSeverity() {
        assertThat(new Report(Instant.EPOCH, List.of("zones"), List.of()).worst()).isEmpty();
    }

    @Test
    void aFindingNeedsEveryPartEvenAnEmptyFix() {
        assertThatThrownBy(() -> new Finding(Severity.INFO, "c", "s", "p", null)).isInstanceOf(NullPointerException.class);
        assertThat(new Finding(Severity.INFO, "c", "s", "p", "").fix()).isEmpty();
    }

    @Test
    void theDocumentCountsEachSeverityAndKeepsTheFindingsOrder() {
        Report r = new Report(Instant.EPOCH, List.of("zones"), List.of(
                finding(Severity.INFO, "zones", "node0"), finding(Severity.ERROR, "zones", "node1"),
                finding(Severity.INFO, "zones", "node2")));

        var doc = r.document();

        assertThat(doc).containsEntry("worst", "ERROR").containsEntry("errors", 1L).containsEntry("warnings", 0L)
                .containsEntry("notes", 2L).containsEntry("checks", List.of("zones"));
        List<Object> subjects = ((List<?>) doc.get("findings")).stream()
                .map(f -> (Object) ((java.util.Map<?, ?>) f).get("subject")).toList();
        assertThat(subjects).containsExactly("node1", "node0", "node2");
        assertThat(new Report(Instant.EPOCH, List.of(), List.of()).document()).containsEntry("worst", null);
    }

    @Test
    void numbersInSubjectsCompareByValue() {
        Report r = new Report(Instant.EPOCH, List.of("zones"), List.of(
                finding(Severity.INFO, "zones", "node10"), finding(Severity.INFO, "zones", "node2"),
                finding(Severity.INFO, "zones", "memory72-87"), finding(Severity.INFO, "zones", "memory8"),
                finding(Severity.INFO, "zones", "node02")));

        assertThat(r.findings()).extracting(Finding::subject)
                .containsExactly("memory8", "memory72-87", "node02", "node2", "node10");
    }

    @Property
    void theSubjectOrderIsATotalOrderConsistentWithEquals(@ForAll("subjects") String a, @ForAll("subjects") String b,
            @ForAll("subjects") String c) {
        assertThat(Integer.signum(Report.byNumbers(a, b))).isEqualTo(-Integer.signum(Report.byNumbers(b, a)));
        assertThat(Report.byNumbers(a, b) == 0).isEqualTo(a.equals(b));
        if (Report.byNumbers(a, b) <= 0 && Report.byNumbers(b, c) <= 0) {
            assertThat(Report.byNumbers(a, c)).isLessThanOrEqualTo(0);
        }
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.strings().withChars("ab0123-").ofMaxLength(6);
    }
}
