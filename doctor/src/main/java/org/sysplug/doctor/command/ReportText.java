package org.sysplug.doctor.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Report;
import org.sysplug.doctor.Severity;
import org.sysplug.shell.JsonText;

/** A report as the operator reads it (one line per finding, its fix indented below) or as one JSON document. */
final class ReportText {

    private ReportText() {
    }

    /** {@code SEVERITY check subject: problem}, then {@code   fix: ...}, then a summary line. */
    static String human(Report report) {
        StringBuilder sb = new StringBuilder();
        int width = report.findings().stream().mapToInt(f -> f.severity().name().length()).max().orElse(0);
        for (Finding f : report.findings()) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %s %s: %s%n", f.severity(), f.check(), f.subject(),
                    f.problem()));
            if (!f.fix().isEmpty()) {
                sb.append(" ".repeat(width + 1)).append("fix: ").append(f.fix()).append('\n');
            }
        }
        sb.append(summary(report));
        return sb.toString();
    }

    /** {@code 1 error, 2 warnings, 4 notes from 5 checks: the worst is ERROR}. */
    static String summary(Report report) {
        long errors = count(report, Severity.ERROR);
        long warnings = count(report, Severity.WARNING);
        long notes = count(report, Severity.INFO);
        String counts = errors + (errors == 1 ? " error, " : " errors, ") + warnings
                + (warnings == 1 ? " warning, " : " warnings, ") + notes + (notes == 1 ? " note" : " notes");
        String from = " from " + report.checks().size() + (report.checks().size() == 1 ? " check" : " checks")
                + " (" + String.join(", ", report.checks()) + ")";
        String verdict = errors > 0 ? ": something would go wrong, see the ERROR lines"
                : warnings > 0 ? ": nothing fails now; the warnings say what may" : ": nothing to fix";
        return counts + from + verdict;
    }

    static String json(Report report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", report.at().toString());
        doc.put("worst", report.worst().map(Severity::name).orElse(null));
        doc.put("errors", count(report, Severity.ERROR));
        doc.put("warnings", count(report, Severity.WARNING));
        doc.put("notes", count(report, Severity.INFO));
        doc.put("checks", report.checks());
        List<Object> findings = new ArrayList<>();
        for (Finding f : report.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", f.severity().name());
            m.put("check", f.check());
            m.put("subject", f.subject());
            m.put("problem", f.problem());
            m.put("fix", f.fix());
            findings.add(m);
        }
        doc.put("findings", findings);
        return JsonText.of(doc);
    }

    private static long count(Report report, Severity severity) {
        return report.findings().stream().filter(f -> f.severity() == severity).count();
    }
}
