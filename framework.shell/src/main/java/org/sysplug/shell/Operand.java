package org.sysplug.shell;

/**
 * The kinds of operand a sysplug command takes, as {@link Help#complete()} names them: TAB at
 * the prompt completes each from the running platform (the queue's requests, the machine's
 * devices, the firmware's namespace, the simulator's faults).
 */
public final class Operand {

    /** {@code cpu}, {@code memory} or {@code node}. */
    public static final String DEVICE_CLASS = "device-class";
    /** Ids of the class named by the operand before: CPU ids, memory block ids, node ids. */
    public static final String DEVICE_IDS = "device-ids";
    /** A device by name: {@code cpu5}, {@code memory40}, {@code node1}, or a firmware path. */
    public static final String DEVICE = "device";
    /** A memory block, {@code memoryN}. */
    public static final String MEMORY_BLOCK = "memory-block";
    /** A firmware namespace path, {@code \_SB.NOD1}. */
    public static final String FIRMWARE_PATH = "firmware-path";
    /** The id of a request in the queue's recent history. */
    public static final String REQUEST_ID = "request-id";
    /** A request operation: {@code hot-add}, {@code hot-remove}, {@code online}, {@code offline}. */
    public static final String OPERATION = "operation";
    /** {@code retry} or {@code rollback}. */
    public static final String RECONCILE_ACTION = "reconcile-action";
    /** A port operation a fault can be injected into: {@code cpu.online}, {@code acpi.eject}... */
    public static final String FAULT_OPERATION = "fault-operation";
    /** A fault target: a device, a firmware path, or {@code all}. */
    public static final String FAULT_TARGET = "fault-target";
    /** The id of an injected fault, or {@code all}. */
    public static final String FAULT_ID = "fault-id";
    /** A built-in machine's name, or a file. */
    public static final String MACHINE = "machine";
    /** A file name. */
    public static final String FILE = "file";

    private Operand() {
    }
}
