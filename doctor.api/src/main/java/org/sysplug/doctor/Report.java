package org.sysplug.doctor;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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
}
