package org.sysplug.platform.sim;

/**
 * Counts changes to the machine's state. Every mutator of the kernel tables and the firmware
 * bumps it; the machine compares it before and after an operation to know whether to publish a
 * new generation, and to check that a failed operation changed nothing.
 */
final class Revision {

    private long value;

    void bump() {
        value++;
    }

    long value() {
        return value;
    }
}
