package org.sysplug.platform.sim.description;

import java.util.Locale;

/**
 * How much a machine description may hold, in one place: far above the shipped machines
 * (scale-1024: 1,024 CPUs, 32,768 memory blocks, a 3 KiB file) and far below what exhausts the
 * JVM or a shell waiting for its answer. A file past a limit is refused with the limit named.
 */
final class Limits {

    /**
     * A machine file's size. SnakeYAML reads one long scalar in time that grows with the square of
     * its length (a whole 1 MiB scalar takes about a second), so the bound keeps a load quick.
     */
    static final int FILE_BYTES = 1 << 20;

    /** Processors, present or empty slots: x86-64's largest NR_CPUS ({@link MachineDescription#MAX_CPUS}). */
    static final int PROCESSORS = MachineDescription.MAX_CPUS;

    /**
     * Memory blocks in all memory ranges, present or empty slots: 8 times scale-1024's 32,768
     * (32 TiB of 128 MiB blocks). The simulator keeps about 240 bytes per block, 60 MiB in all.
     */
    static final int BLOCKS = 262_144;

    /**
     * Device objects of the namespace, processors and containers included: room for 8,192
     * processors and a memory device per block of 16,384, written out one by one.
     */
    static final int DEVICES = 32_768;

    /** Memory devices a container's {@code memory} list names: M000 to MFFF. */
    static final int CONTAINER_MEMORY = 4096;

    /** YAML aliases to lists and mappings: a few share a device's settings, thousands are a bomb. */
    static final int ALIASES = 50;

    /** YAML lists and mappings inside one another; containers nest 8 deep, which takes about 20. */
    static final int NESTING = 40;

    /** Characters of a name, a uid or a path. */
    static final int NAME_CHARS = 100;

    /** Characters of the free-text description. */
    static final int DESCRIPTION_CHARS = 4096;

    private Limits() {
    }

    /** {@code 262,144}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
