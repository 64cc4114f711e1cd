package org.sysplug.shell.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.gogo.jline.Expander;
import org.apache.felix.gogo.jline.Highlighter;
import org.apache.felix.gogo.jline.ParsedLineImpl;
import org.apache.felix.gogo.jline.Parser;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.gogo.runtime.CommandSessionImpl;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.jline.builtins.Completers;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;
import org.sysplug.shell.CommandFailures;
import org.sysplug.shell.RequestWaiter;
import org.sysplug.shell.ShellStatus;

/**
 * The prompt's read-eval loop. gogo.jline's own loop prints {@code e.toString()} of whatever a
 * command line throws ({@code java.lang.IllegalArgumentException: Cannot coerce ...}) and offers
 * no hook to change it, so sysplug reads the lines itself, with gogo.jline's parser, highlighter
 * and expander, and explains a failure as the one-shot launcher does ({@link CommandFailures}).
 *
 * <p>Ctrl-C while a command runs interrupts the command's thread; at the prompt it clears the line. {@code exit} or Ctrl-D ends the loop.
 */
public final class ReadLoop {

    /** The profile sourced into the session before the first prompt. */
    static final String PROFILE = "sysplug_profile";
    /** How Gogo names the thread that runs a statement. */
    static final String PIPE_THREAD = "pipe-";
    /** The framework property naming this run's data directory (the launcher sets it; empty for none). */
    /** How often a wait for the foreground job looks again (a job's end also wakes it). */
    private static final long FOREGROUND_POLL_MILLIS = 200;
    static final String DATA_PROPERTY = "sysplug.data";
    /** The prompt's history file in the data directory. */
    static final String HISTORY_FILE = "history";
    /**
     * The JVM system property in which a prompt that read no terminal leaves the status of its
     * last failed command ("0" when none failed) as it ends; the launcher, outside the framework,
     * exits with it, so that {@code printf '...' | java -jar sysplug.jar} tells a script whether
     * something failed.
     */
    public static final String SCRIPT_STATUS_PROPERTY = "sysplug.script.status";

    private final CommandSession session;
    private final Terminal terminal;
    private final LineReader reader;
    private final Logger log;
    private volatile boolean stopping;
    /** Whether the prompt reads a terminal (otherwise its input is a script: a pipe or a file). */
    private final boolean realTerminal;
    /** The status of the last command that failed, 0 while none did. */
    private int scriptStatus;

    ReadLoop(CommandProcessor processor, Terminal terminal, BundleContext context, OperandSource operands, Logger log) {
        this.terminal = terminal;
        this.log = log;
        this.session = processor.createSession(terminal.input(), terminal.output(), terminal.output());
        session.put(Shell.VAR_TERMINAL, terminal);
        session.put(Shell.VAR_CONTEXT, context);
        session.put(Shell.VAR_PROCESSOR, processor);
        session.put(Shell.VAR_SESSION, session);
        session.put(Shell.VAR_COMPLETIONS, new HashMap<>());
        session.put(".console", this);
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal)
                .variables(((CommandSessionImpl) session).getVariables())
                .completer(new CommandCompleter(session, operands, new Completers.Completer(gogoCompletion())))
                .highlighter(new Highlighter(session)).parser(new Parser()).expander(new Expander(session));
        this.realTerminal = !Terminal.TYPE_DUMB.equals(terminal.getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        // A waiting command draws its progress line only on a real terminal (RequestWaiter).
        session.put(RequestWaiter.TTY, realTerminal);
        // The history is kept with the rest of this sysplug's data (./sysplug-data), and not at
        // all without a data directory (--ephemeral) or a terminal: nothing is written elsewhere.
        String data = context.getProperty(DATA_PROPERTY);
        if (realTerminal && data != null && !data.isBlank()) {
            builder.variable(LineReader.HISTORY_FILE, Path.of(data, HISTORY_FILE));
        }
        this.reader = builder.build();
        reader.setOpt(LineReader.Option.AUTO_FRESH_LINE);
        session.put(Shell.VAR_READER, reader);
    }

    /** Ends the loop after the current line (the profile's {@code exit}). */
    public void stop() {
        stopping = true;
    }

    /** Sources the profile, then reads, runs and prints lines until {@code exit}, Ctrl-D or {@link #stop()}. */
    void run() {
        source();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> interruptCommand());
        try {
            while (!stopping) {
                String line;
                try {
                    line = reader.readLine(Shell.getPrompt(session));
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt: a fresh line
                } catch (EndOfFileException e) {
                    // input that ends without a newline still ends its last line, as in a shell
                    runLastLine(e.getPartialLine());
                    break;
                } catch (RuntimeException e) {
                    // JLine's editing or completion failed on this line (seen: TAB on a word
                    // with a backslash): the line is lost, the prompt and the platform are not
                    log.error("the prompt could not read the line being typed", e);
                    print("sysplug: the line being typed could not be edited further (the log has why); type it again");
                    continue;
                }
                ParsedLine parsed = reader.getParsedLine();
                if (line.isBlank() || !(parsed instanceof ParsedLineImpl program)) {
                    continue;
                }
                execute(line, program);
            }
        } finally {
            if (!realTerminal) {
                // stdin that is no terminal is a script: the launcher exits with its failure
                System.setProperty(SCRIPT_STATUS_PROPERTY, Integer.toString(scriptStatus));
            }
            terminal.handle(Terminal.Signal.INT, previous);
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                log.debug("the prompt's history was not saved: {}", e.getMessage());
            }
            session.close();
        }
    }

    private void runLastLine(String partial) {
        if (partial == null || partial.isBlank() || stopping) {
            return;
        }
        try {
            if (reader.getParser().parse(partial, partial.length(), org.jline.reader.Parser.ParseContext.ACCEPT_LINE)
                    instanceof ParsedLineImpl program) {
                execute(partial, program);
            }
        } catch (RuntimeException e) {
            log.error("the last line of the input could not be read", e);
            print("sysplug: the last line of the input could not be read (the log has why): " + partial.strip());
            scriptStatus = ShellStatus.USAGE;
        }
    }

    private void execute(String line, ParsedLineImpl program) {
        session.put(ShellStatus.VARIABLE, null);
        session.put(RequestWaiter.COLUMNS, terminal.getWidth()); // the window may have been resized
        try {
            Object result = session.execute(program.program());
            awaitForegroundJob();
            session.put(Shell.VAR_RESULT, result);
            if (result != null) {
                print(session.format(result, Converter.INSPECT).toString());
            }
        } catch (Exception e) {
            CommandFailures.Explained explained = CommandFailures.explain(session, line, e);
            if (explained.unexpected()) {
                log.error("'{}' failed", line, e);
            }
            ShellStatus.done(session, explained.status(), null);
            print(explained.message());
        } finally {
            if (session.get(ShellStatus.VARIABLE) instanceof Integer status && status != ShellStatus.OK) {
                scriptStatus = status;
            }
            // a Ctrl-C that came after the command ended must not hit the next one
            Thread.interrupted();
        }
    }

    /**
     * Waits while a job is in the foreground: after {@code fg} the job brought back runs in the
     * foreground, and the next line may only be read once it ends (or Ctrl-C stops it); without
     * this wait every later command would be refused with "A job is already in foreground".
     */
    private void awaitForegroundJob() throws InterruptedException {
        for (Job job = session.foregroundJob(); job != null; job = session.foregroundJob()) {
            synchronized (job) {
                if (job.status() == Job.Status.Foreground) {
                    job.wait(FOREGROUND_POLL_MILLIS);
                }
            }
        }
    }

    private void print(String text) {
        terminal.writer().println(text);
        terminal.flush();
    }

    /**
     * Ctrl-C: interrupts the threads that run the command now, so that a command waiting for a
     * request sees the interrupt and answers (what became of its request), as a program does on
     * SIGINT. Gogo's own {@code Job.interrupt()} would instead cancel the job as a whole, and the
     * command's answer would be lost with it. Gogo runs each statement on a thread it names
     * {@value #PIPE_THREAD} followed by the statement; the prompt is the only session that runs
     * commands in this process while it is up, so those are the command's threads.
     */
    private void interruptCommand() {
        Job job = session.foregroundJob();
        if (job == null) {
            return;
        }
        // Only the foreground job's statements: a job left running in the background
        // ('sysplug:events &') is not the one Ctrl-C is meant for.
        String command = String.valueOf(job.command());
        List<Thread> commands = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(PIPE_THREAD)
                        && command.contains(t.getName().substring(PIPE_THREAD.length())))
                .toList();
        if (commands.isEmpty()) {
            job.interrupt();
        } else {
            commands.forEach(Thread::interrupt);
        }
    }

    private void source() {
        URL profile = ReadLoop.class.getResource(PROFILE);
        try (InputStream in = profile.openStream()) {
            session.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            print("sysplug: the prompt's profile failed: " + CommandFailures.explain(session, PROFILE, e).message());
        }
    }

    /** What gogo.jline's completion of other commands reads: the session's completion data and commands. */
    private Completers.CompletionEnvironment gogoCompletion() {
        return new Completers.CompletionEnvironment() {
            @Override
            public Map<String, List<Completers.CompletionData>> getCompletions() {
                return Shell.getCompletions(session);
            }

            @Override
            public Set<String> getCommands() {
                return Shell.getCommands(session);
            }

            @Override
            public String resolveCommand(String command) {
                return Shell.resolve(session, command);
            }

            @Override
            public String commandName(String command) {
                return command.substring(command.indexOf(':') + 1);
            }

            @Override
            public Object evaluate(LineReader lineReader, ParsedLine line, String func) throws Exception {
                session.put(Shell.VAR_COMMAND_LINE, line);
                return session.execute(func);
            }
        };
    }
}
