package org.sysplug.doctor.command;

import java.util.Locale;

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
        long errors = report.count(Severity.ERROR);
        long warnings = report.count(Severity.WARNING);
        long notes = report.count(Severity.INFO);
        String counts = errors + (errors == 1 ? " error, " : " errors, ") + warnings
                + (warnings == 1 ? " warning, " : " warnings, ") + notes + (notes == 1 ? " note" : " notes");
        String from = " from " + report.checks().size() + (report.checks().size() == 1 ? " check" : " checks")
                + " (" + String.join(", ", report.checks()) + ")";
        String verdict = errors > 0 ? ": something would go wrong, see the ERROR lines"
                : warnings > 0 ? ": nothing fails now; the warnings say what may" : ": nothing to fix";
        return counts + from + verdict;
    }

    static String json(Report report) {
        return JsonText.of(report.document());
    }
}
