package org.sysplug.platform;

import java.util.Objects;

/**
 * A udev rule that brings devices online by itself: one that sets {@code ATTR{state}} of a memory
 * block or {@code ATTR{online}} of a CPU when they appear.
 *
 * @param file the rules file, as a path below the machine's root ({@code etc/udev/rules.d/40-memory.rules})
 * @param line the rule's first line in the file, from 1
 * @param subsystem what it onlines: {@code memory} or {@code cpu}
 * @param text the rule as written (continuation lines joined)
 */
public record UdevRule(String file, int line, String subsystem, String text) {

    public UdevRule {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(subsystem, "subsystem");
        Objects.requireNonNull(text, "text");
    }

    /** {@code etc/udev/rules.d/40-memory.rules:3}, as an operator finds it. */
    public String where() {
        return file + ":" + line;
    }
}
