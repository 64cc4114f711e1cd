package org.sysplug.reliability;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sysplug.platform.CpuPort;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.NodePort;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * Which machine operations the handlers call, named as faults name them ({@code cpu.online},
 * {@code acpi.eject}): the ports the handlers get are the machine's own, seen through this log.
 * A fault drawn on an operation the request calls is sure to fire.
 */
final class OperationLog {

    private static final Map<String, String> CPU = Map.of("online", "cpu.online", "offline", "cpu.offline",
            "register", "cpu.register", "unregister", "cpu.unregister");
    private static final Map<String, String> MEMORY = Map.of("add", "memory.add", "online", "memory.online",
            "offline", "memory.offline", "remove", "memory.remove");
    private static final Map<String, String> NODE = Map.of("online", "node.online", "offline", "node.offline");
    private static final Map<String, String> ACPI = Map.of("powerOff", "acpi.ps3", "lock", "acpi.lock",
            "eject", "acpi.eject", "ost", "acpi.ost");

    private final List<String> calls = new ArrayList<>();

    CpuPort cpus(CpuPort real) {
        return logged(CpuPort.class, real, CPU);
    }

    MemoryPort memory(MemoryPort real) {
        return logged(MemoryPort.class, real, MEMORY);
    }

    NodePort nodes(NodePort real) {
        return logged(NodePort.class, real, NODE);
    }

    AcpiPort firmware(AcpiPort real) {
        return logged(AcpiPort.class, real, ACPI);
    }

    /** The operations called since the last {@link #clear()}, each once, in the order of their first call. */
    synchronized List<String> operations() {
        return calls.stream().distinct().toList();
    }

    synchronized void clear() {
        calls.clear();
    }

    private synchronized void called(String operation) {
        calls.add(operation);
    }

    private <T> T logged(Class<T> port, T real, Map<String, String> operations) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] { port }, (proxy, method, args) -> {
            String operation = operations.get(method.getName());
            if (operation != null) {
                called(operation);
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
