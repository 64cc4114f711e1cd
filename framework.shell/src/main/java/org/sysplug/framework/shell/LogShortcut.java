package org.sysplug.framework.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.shell.Help;

/**
 * {@code log} alone means the OSGi log, at the prompt and in one-shot runs alike: sysplug's scope
 * comes first where a name is looked up ({@code SCOPE} {@code sysplug:gogo:*}), so {@code log}
 * finds this command, which is {@code log:display}, before Felix's own {@code felix:log} or the
 * simulator's hardware log {@code sim:log}.
 */
@Component(service = LogShortcut.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=log" })
public final class LogShortcut {

    private final LogCommands log;

    @Activate
    public LogShortcut(@Reference LogCommands log) {
        this.log = log;
    }

    @Help(operands = "[N] [LEVEL]", examples = { "log", "log 50 warn" })
    @Descriptor("show the most recent log entries, as log:display does (log:tail follows them, log:set sets the level)")
    public Object log(CommandSession session,
            @Descriptor(LogCommands.LEVEL_HELP) @Parameter(names = { "-l", "--level" }, absentValue = "TRACE") String level,
            @Descriptor("N, how many entries at most (default 20), and a LEVEL, as in: log 10 warn") String... args) {
        return log.display(session, level, args);
    }
}
