package org.sysplug.doctor;

/** How bad a finding is, least severe first. */
public enum Severity {
    /** Worth knowing; nothing goes wrong because of it. */
    INFO,
    /** Something will go wrong in some case, or a setting works against another. */
    WARNING,
    /** Something will go wrong: a planned request would fail, or an operation is impossible. */
    ERROR
}
