package org.sysplug.doctor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the doctor found, most severe first.
 *
 * @param at when the machine was read
 * @param checks the names of the checks that ran
 * @param findings every finding, most severe first, then by check and subject (numbers in subjects by value:
 *        node2 before node10)
 */
public record Report(Instant at, List<String> checks, List<Finding> findings) {

    public Report {
        checks = List.copyOf(checks);
        findings = findings.stream()
                .sorted(Comparator.comparing(Finding::severity).reversed()
                        .thenComparing(Finding::check).thenComparing(Finding::subject, Report::byNumbers))
                .toList();
    }

    /** The most severe finding's severity; empty when nothing was found. */
    public Optional<Severity> worst() {
        return findings.isEmpty() ? Optional.empty() : Optional.of(findings.get(0).severity());
    }

    /** How many findings have this severity. */
    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /**
     * The report as one JSON document's values, in order, as {@code sysplug:doctor --json} prints it and the HTTP
     * API answers it: {@code at}, {@code worst} (null when nothing was found), {@code errors}, {@code warnings},
     * {@code notes}, {@code checks} and {@code findings} (each {@code severity}, {@code check}, {@code subject},
     * {@code problem}, {@code fix}).
     */
    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", at.toString());
        doc.put("worst", worst().map(Severity::name).orElse(null));
        doc.put("errors", count(Severity.ERROR));
        doc.put("warnings", count(Severity.WARNING));
        doc.put("notes", count(Severity.INFO));
        doc.put("checks", checks);
        List<Object> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", f.severity().name());
            m.put("check", f.check());
            m.put("subject", f.subject());
            m.put("problem", f.problem());
            m.put("fix", f.fix());
            list.add(m);
        }
        doc.put("findings", list);
        return doc;
    }

    /** Text order, except that runs of digits compare by value ({@code memory8} before {@code memory72}). */
    static int byNumbers(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                String da = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String db = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
