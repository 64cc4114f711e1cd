package org.sysplug.doctor;

import java.util.Objects;

/**
 * One thing the doctor found.
 *
 * @param severity how bad it is
 * @param check the check that found it, a short stable name ({@code zone-normal-blocks-unplug})
 * @param subject what it is about: a device ({@code node1}, {@code memory40-47}, a firmware path)
 *        or a setting ({@code auto_online_blocks})
 * @param problem what would go wrong, as one sentence an operator can read
 * @param fix what to do about it, as one sentence, or empty when nothing needs doing
 */
public record Finding(Severity severity, String check, String subject, String problem, String fix) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
    }
}
