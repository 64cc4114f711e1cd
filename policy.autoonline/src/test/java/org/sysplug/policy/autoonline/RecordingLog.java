package org.sysplug.policy.autoonline;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

/** A Logger that keeps each message as "LEVEL text", the {} filled in with the arguments. */
final class RecordingLog {

    final List<String> lines = new CopyOnWriteArrayList<>();
    final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] { Logger.class },
            (proxy, method, args) -> {
                if (method.getReturnType() == boolean.class) {
                    return true;
                }
                if (method.getReturnType() == String.class) {
                    return "test";
                }
                if (args != null && args.length > 0 && args[0] instanceof String format) {
                    lines.add(method.getName().toUpperCase() + " " + fill(format, args));
                }
                return null;
            });

    private static String fill(String format, Object[] args) {
        Object[] values = args;
        if (args.length == 2 && args[1] instanceof Object[] varargs) {
            // warn(String, Object...) passes its arguments as one array
            values = new Object[varargs.length + 1];
            System.arraycopy(varargs, 0, values, 1, varargs.length);
        }
        StringBuilder sb = new StringBuilder();
        int next = 1;
        int from = 0;
        int at;
        while ((at = format.indexOf("{}", from)) >= 0) {
            sb.append(format, from, at).append(next < values.length ? values[next++] : "{}");
            from = at + 2;
        }
        return sb.append(format.substring(from)).toString();
    }

    List<String> at(String level) {
        return lines.stream().filter(l -> l.startsWith(level + " ")).toList();
    }
}
