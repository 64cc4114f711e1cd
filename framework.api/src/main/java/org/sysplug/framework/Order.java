package org.sysplug.framework;

/**
 * The order ranks of the sysplug modules in every handler list: the one place a reader scans
 * to know what runs when (as Linux keeps its CPU hot-plug steps in one table in kernel/cpu.c).
 *
 * <p>Within a list, handlers run in ascending rank; ranks range from {@link #MIN} to
 * {@link #MAX}. Equal ranks run in the tie order of {@link HandlerInfo#TIE_ORDER}.
 *
 * <pre>
 * list            | ACPI bus | ACPI resource | node | memory | CPU
 * ----------------+----------+---------------+------+--------+-----
 * ADD_VALIDATE    |    0     |               |  50  |  100   | 110
 * ADD_EXECUTE     |   10     |  20, 200      |  50  |  100   | 110
 * ADD_COMMIT      |   10     |               |      |        |
 * DELETE_VALIDATE |    0     |      10       | 120  |  110   | 100
 * DELETE_EXECUTE  |  100     |               |  30  |   20   |  10
 * DELETE_COMMIT   |  100     |               |      |        |
 * </pre>
 *
 * <p>The add lists bring things up in boot order: firmware objects, their resources, the node,
 * its memory, then its CPUs, so that new CPUs start with local memory. The delete lists mirror
 * them: CPUs go first, then memory, then the node, then the firmware objects. The node module
 * is not in the RFC (v2); it sits between the firmware and the resources it holds.
 * Delete validation runs the ACPI resource handler before the resource modules so that they can
 * validate what it described.
 */
public final class Order {

    /** The lowest rank. */
    public static final int MIN = 0;
    /** The highest rank (24 bits, as in the RFC). */
    public static final int MAX = 0xFF_FFFF;

    // ADD_VALIDATE: is the device present, enabled, and is its hot-plug profile enabled? For an
    // online request: may the node, memory block or CPU come online (what a dry run answers)?
    public static final int ADD_VALIDATE_ACPI_BUS = 0;
    public static final int ADD_VALIDATE_NODE = 50;
    public static final int ADD_VALIDATE_MEMORY = 100;
    public static final int ADD_VALIDATE_CPU = 110;
    /**
     * A backend that cannot write (a read-only sysfs tree) refuses the change here, as it would at
     * execute, so that a dry run gets the same answer; with the ACPI bus at the lowest rank (the tie
     * order puts them by name), before any module looks at the devices.
     */
    public static final int ADD_VALIDATE_BACKEND = 0;

    // ADD_EXECUTE: firmware objects, their resources, then node, memory, CPUs (boot order).
    public static final int ADD_EXECUTE_ACPI_BUS = 10;
    public static final int ADD_EXECUTE_ACPI_RESOURCE = 20;
    public static final int ADD_EXECUTE_NODE = 50;
    public static final int ADD_EXECUTE_MEMORY = 100;
    public static final int ADD_EXECUTE_CPU = 110;
    // ... and last, the ACPI resources again: is everything described now on the machine?
    public static final int ADD_EXECUTE_ACPI_VERIFY = 200;

    // ADD_COMMIT: report success to the firmware (_OST).
    public static final int ADD_COMMIT_ACPI_BUS = 10;

    // DELETE_VALIDATE: firmware first, then resources describe themselves, modules validate.
    public static final int DELETE_VALIDATE_ACPI_BUS = 0;
    public static final int DELETE_VALIDATE_ACPI_RESOURCE = 10;
    public static final int DELETE_VALIDATE_CPU = 100;
    public static final int DELETE_VALIDATE_MEMORY = 110;
    public static final int DELETE_VALIDATE_NODE = 120;
    /** As {@link #ADD_VALIDATE_BACKEND}: a backend that cannot write refuses an offline or eject before it is validated. */
    public static final int DELETE_VALIDATE_BACKEND = 0;

    // DELETE_EXECUTE: the mirror of ADD_EXECUTE: CPUs, memory, node, then firmware objects.
    public static final int DELETE_EXECUTE_CPU = 10;
    public static final int DELETE_EXECUTE_MEMORY = 20;
    public static final int DELETE_EXECUTE_NODE = 30;
    public static final int DELETE_EXECUTE_ACPI_BUS = 100;

    // DELETE_COMMIT: what cannot be undone: _PS3, _LCK(0), _EJ0, _OST.
    public static final int DELETE_COMMIT_ACPI_BUS = 100;

    private Order() {
    }

    /** True when {@code rank} is a valid order rank. */
    public static boolean isValid(long rank) {
        return rank >= MIN && rank <= MAX;
    }
}
