package org.sysplug.it.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.sysplug.it.handlers.ScriptedHandler;

/**
 * What the scripted handlers change and record, registered by the test as services under JDK types: the machine
 * (handler name to the request that applied it) and the journal (every call a handler received, in order).
 */
public final class MachineState implements AutoCloseable {

    private final ConcurrentMap<String, String> machine = new ConcurrentHashMap<>();
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final ServiceRegistration<?> machineRegistration;
    private final ServiceRegistration<?> journalRegistration;

    private MachineState(BundleContext context) {
        machineRegistration = context.registerService(ConcurrentMap.class.getName(), machine,
                new Hashtable<>(Map.of(ScriptedHandler.ROLE, ScriptedHandler.MACHINE)));
        journalRegistration = context.registerService(List.class.getName(), journal,
                new Hashtable<>(Map.of(ScriptedHandler.ROLE, ScriptedHandler.JOURNAL)));
    }

    public static MachineState register(BundleContext context) {
        return new MachineState(context);
    }

    /** The machine now, sorted by handler name. */
    public Map<String, String> snapshot() {
        return new TreeMap<>(machine);
    }

    /** The calls handlers received for request {@code id}, as {@code "APPLY name"}, in order. */
    public List<String> journal(long id) {
        String prefix = id + " ";
        List<String> calls = new ArrayList<>();
        synchronized (journal) {
            for (String line : journal) {
                if (line.startsWith(prefix)) {
                    calls.add(line.substring(prefix.length()));
                }
            }
        }
        return calls;
    }

    @Override
    public void close() {
        machineRegistration.unregister();
        journalRegistration.unregister();
    }
}
