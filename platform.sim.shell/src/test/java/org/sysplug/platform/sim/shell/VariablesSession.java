package org.sysplug.platform.sim.shell;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.sysplug.shell.ShellStatus;

/** A Gogo session that only keeps its variables, as the commands use it; {@link #exit()} is the last exit status. */
final class VariablesSession {

    private final Map<String, Object> variables = new HashMap<>();
    private final CommandSession session = (CommandSession) Proxy.newProxyInstance(
            CommandSession.class.getClassLoader(), new Class<?>[] {CommandSession.class}, (proxy, method, args) -> {
                if (method.getName().equals("put")) {
                    return variables.put((String) args[0], args[1]);
                }
                if (method.getName().equals("get")) {
                    return variables.get((String) args[0]);
                }
                throw new UnsupportedOperationException(method.getName());
            });

    CommandSession session() {
        return session;
    }

    /** The exit status the last command left, or null if none did. */
    Integer exit() {
        return (Integer) variables.get(ShellStatus.VARIABLE);
    }
}
