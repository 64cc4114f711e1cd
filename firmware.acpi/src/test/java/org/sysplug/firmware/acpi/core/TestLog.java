package org.sysplug.firmware.acpi.core;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.service.log.Logger;

/** A Logger that keeps what it was told, formatted ({@code INFO message}), for tests to read. */
public final class TestLog {

    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "audit");

    private final List<String> lines = new ArrayList<>();
    private final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] { Logger.class }, (proxy, method, args) -> {
                String name = method.getName();
                if (name.startsWith("is") && name.endsWith("Enabled")) {
                    return true;
                }
                if (name.equals("getName") || name.equals("toString")) {
                    return "test";
                }
                if (name.equals("hashCode")) {
                    return System.identityHashCode(proxy);
                }
                if (name.equals("equals")) {
                    return proxy == args[0];
                }
                if (LEVELS.contains(name) && args != null && args.length > 0 && args[0] instanceof String format) {
                    Object[] rest = args.length == 2 && args[1] instanceof Object[] array ? array
                            : java.util.Arrays.copyOfRange(args, 1, args.length);
                    record(name.toUpperCase(java.util.Locale.ROOT) + " " + format(format, rest));
                }
                return null;
            });

    public Logger logger() {
        return logger;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private synchronized void record(String line) {
        lines.add(line);
    }

    private static String format(String format, Object[] args) {
        StringBuilder sb = new StringBuilder();
        int from = 0;
        int arg = 0;
        int at;
        while ((at = format.indexOf("{}", from)) >= 0) {
            sb.append(format, from, at).append(arg < args.length ? String.valueOf(args[arg++]) : "{}");
            from = at + 2;
        }
        return sb.append(format.substring(from)).toString();
    }
}
