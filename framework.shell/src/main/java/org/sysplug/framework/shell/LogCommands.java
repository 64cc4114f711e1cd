package org.sysplug.framework.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;
import org.sysplug.shell.Help;

/**
 * The OSGi Log service at the prompt, scope {@code log}: {@code log:display [N] [--level L]} the
 * entries the log keeps, {@code log:tail [--level L]} follows new ones until Ctrl-C, and
 * {@code log:set LEVEL [BUNDLE]} sets what is logged at all. Levels go through the
 * {@link LoggerAdmin}; the same levels are settable by configuration (PID
 * {@code org.osgi.service.log.admin}, property {@code ROOT} = {@code INFO}; PID
 * {@code org.osgi.service.log.admin|BUNDLE} for one bundle), which the log service applies and
 * ConfigAdmin keeps across restarts.
 */
@Component(service = LogCommands.class, property = { "osgi.command.scope=log", "osgi.command.function=display",
        "osgi.command.function=tail", "osgi.command.function=set" })
public final class LogCommands {

    private static final String LEVELS = "ERROR, WARN, INFO, DEBUG or TRACE";
    static final String LEVEL_HELP = "show entries at this level and more severe: " + LEVELS;

    private final LogReaderService reader;
    private final LoggerAdmin admin;
    private final BundleContext bundles;

    @Activate
    public LogCommands(BundleContext bundles, @Reference LogReaderService reader, @Reference LoggerAdmin admin) {
        this.bundles = bundles;
        this.reader = reader;
        this.admin = admin;
    }

    @Help(operands = "[N] [LEVEL]", examples = { "log", "log 50 warn", "log:display --level debug" })
    @Descriptor("show the most recent log entries, oldest first (the log keeps the last 100 it was given): "
            + "log:display [N] [LEVEL], e.g. log:display 10 warn")
    public Object display(CommandSession session,
            @Descriptor(LEVEL_HELP) @Parameter(names = { "-l", "--level" }, absentValue = "TRACE") String level,
            @Descriptor("N, how many entries at most (default 20), and a LEVEL, as in: log 10 warn") String... args) {
        LogLevel least;
        int count = 20;
        try {
            least = level(level);
            for (String arg : args == null ? new String[0] : args) {
                if (arg.matches("[0-9]{1,6}") && Integer.parseInt(arg) > 0) {
                    count = Integer.parseInt(arg);
                } else if (arg.matches("-?[0-9]+")) {
                    throw new IllegalArgumentException("the number of entries must be 1 to 999999, got " + arg);
                } else {
                    least = level(arg);
                }
            }
        } catch (IllegalArgumentException e) {
            return CommandSupport.usage(session, "log", e);
        }
        List<String> lines = new ArrayList<>();
        Enumeration<LogEntry> newestFirst = reader.getLog();
        while (newestFirst.hasMoreElements() && lines.size() < count) {
            LogEntry entry = newestFirst.nextElement();
            if (least.implies(entry.getLogLevel())) {
                lines.add(line(entry));
            }
        }
        Collections.reverse(lines);
        String text = lines.isEmpty() ? "no log entries at " + least + " or more severe ('log:set DEBUG' logs more)" : String.join("\n", lines);
        return CommandSupport.done(session, CommandSupport.OK, new Views.Message(text));
    }

    @Descriptor("follow new log entries, one line each, until Ctrl-C")
    public Object tail(CommandSession session,
            @Descriptor(LEVEL_HELP) @Parameter(names = { "-l", "--level" }, absentValue = "TRACE") String level) {
        LogLevel least;
        try {
            least = level(level);
        } catch (IllegalArgumentException e) {
            return CommandSupport.usage(session, "log:tail", e);
        }
        LiveLines<LogEntry> arrived = new LiveLines<>();
        LogListener listener = entry -> {
            if (least.implies(entry.getLogLevel())) {
                arrived.accept(entry);
            }
        };
        reader.addLogListener(listener);
        try {
            arrived.printUntilInterrupted(System.out, LogCommands::line);
        } finally {
            reader.removeLogListener(listener);
        }
        return CommandSupport.done(session, CommandSupport.OK, null);
    }

    @Help(operands = "LEVEL [BUNDLE]", examples = { "log:set DEBUG", "log:set DEBUG org.sysplug.framework.core" })
    @Descriptor("set what is logged: every bundle's level, or one bundle's (by symbolic name), e.g. 'log:set INFO',"
            + " 'log:set DEBUG org.sysplug.framework.core'")
    public Object set(CommandSession session, @Descriptor("ERROR, WARN, INFO, DEBUG or TRACE") String level,
            @Descriptor("a bundle's symbolic name; every bundle when absent") String... bundle) {
        LogLevel chosen;
        try {
            chosen = level(level);
            if (bundle != null && bundle.length > 1) {
                throw new IllegalArgumentException("name one bundle, got " + bundle.length + ": " + String.join(" ", bundle));
            }
        } catch (IllegalArgumentException e) {
            return CommandSupport.usage(session, "log:set", e);
        }
        String name = bundle == null || bundle.length == 0 ? null : bundle[0];
        if (name != null && Arrays.stream(bundles.getBundles()).noneMatch(b -> name.equals(b.getSymbolicName()))) {
            return CommandSupport.usage(session, "log:set", new IllegalArgumentException("no bundle is named '" + name
                    + "': give a symbolic name as 'lb -s' lists them, or none for every bundle"));
        }
        LoggerContext context = admin.getLoggerContext(name);
        Map<String, LogLevel> levels = new HashMap<>(context.getLogLevels());
        levels.put(Logger.ROOT_LOGGER_NAME, chosen);
        context.setLogLevels(levels);
        return CommandSupport.done(session, CommandSupport.OK, new Views.Message("log level " + chosen + " for "
                + (name == null ? "every bundle" : name) + " (until restart; configuration PID "
                + "org.osgi.service.log.admin" + (name == null ? "" : "|" + name) + ", ROOT=" + chosen + ", keeps it)"));
    }

    /** A level by name, in any case; {@code WARNING} is WARN. */
    static LogLevel level(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("WARNING")) {
            return LogLevel.WARN;
        }
        for (LogLevel l : LogLevel.values()) {
            if (l.name().equals(t) && l != LogLevel.AUDIT) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown log level '" + text + "': use " + LEVELS);
    }

    /** {@code 00:01:02.345 WARN  org.sysplug.framework.core: message}. */
    static String line(LogEntry e) {
        String bundle = e.getBundle() == null ? "framework" : e.getBundle().getSymbolicName();
        String text = e.getMessage() == null ? "" : e.getMessage();
        return String.format(Locale.ROOT, "%s %-5s %s: %s", Render.CLOCK.format(Instant.ofEpochMilli(e.getTime())),
                e.getLogLevel(), bundle, text);
    }
}
