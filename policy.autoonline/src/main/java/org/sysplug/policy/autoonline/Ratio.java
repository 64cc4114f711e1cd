package org.sysplug.policy.autoonline;

/**
 * A limit on a node's movable memory per normal (kernel) memory, {@code MOVABLE:NORMAL}, as the
 * kernel's {@code auto_movable_ratio} limits it (there in percent: 301 is about 3:1). Memory in
 * ZONE_MOVABLE can be unplugged again, but the kernel's own structures for it (memmap, page
 * tables) live in the kernel zone: too much movable memory per normal memory and the kernel runs
 * out of memory it can use while plenty is free.
 *
 * @param movable the movable part, 0 or more
 * @param normal the normal part, 1 or more
 */
record Ratio(long movable, long normal) {

    static final long MAX = 1_000_000;

    Ratio {
        if (movable < 0 || normal < 1 || movable > MAX || normal > MAX) {
            throw new IllegalArgumentException("a ratio is MOVABLE:NORMAL, whole numbers, MOVABLE from 0 and NORMAL from 1, "
                    + "both at most " + MAX + ", as in 3:1");
        }
    }

    /** Reads {@code 3:1}. */
    static Ratio parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("write the ratio as MOVABLE:NORMAL in whole numbers, as in 3:1, or none for no limit");
        }
        try {
            return new Ratio(Long.parseLong(text.substring(0, colon).trim()), Long.parseLong(text.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("write the ratio as MOVABLE:NORMAL in whole numbers, as in 3:1, or none for no limit");
        }
    }

    /** Whether {@code movableBlocks} of movable memory per {@code normalBlocks} of normal memory are within the limit. */
    boolean allows(long movableBlocks, long normalBlocks) {
        return movableBlocks * normal <= movable * normalBlocks;
    }

    @Override
    public String toString() {
        return movable + ":" + normal;
    }
}
