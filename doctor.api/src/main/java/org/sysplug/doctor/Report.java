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
 * @param findings every finding, most severe first, then by check and subject
 */
public record Report(Instant at, List<String> checks, List<Finding> findings) {

    public Report {
        checks = List.copyOf(checks);
        findings = findings.stream()
                .sorted(Comparator.comparing(Finding::severity).reversed()
                        .thenComparing(Finding::check).thenComparing(Finding::subject))
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
}
