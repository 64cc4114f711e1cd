package org.sysplug.platform.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The operations of the machine that faults can target, named as an operator writes them. */
enum MachineOperation {
    CPU_ONLINE("cpu.online"),
    CPU_OFFLINE("cpu.offline"),
    CPU_REGISTER("cpu.register"),
    CPU_UNREGISTER("cpu.unregister"),
    MEMORY_ADD("memory.add"),
    MEMORY_ONLINE("memory.online"),
    MEMORY_OFFLINE("memory.offline"),
    MEMORY_REMOVE("memory.remove"),
    NODE_ONLINE("node.online"),
    NODE_OFFLINE("node.offline"),
    ACPI_PS3("acpi.ps3"),
    ACPI_LOCK("acpi.lock"),
    ACPI_EJECT("acpi.eject"),
    ACPI_OST("acpi.ost");

    private final String id;

    MachineOperation(String id) {
        this.id = id;
    }

    /** {@code memory.offline}. */
    String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Reads {@code memory.offline} (or {@code MEMORY_OFFLINE}). */
    static MachineOperation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '.');
        for (MachineOperation op : values()) {
            if (op.id.equals(t)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + text + "': use one of "
                + Arrays.stream(values()).map(MachineOperation::id).collect(Collectors.joining(", ")));
    }
}
