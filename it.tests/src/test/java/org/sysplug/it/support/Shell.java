package org.sysplug.it.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * An operator at the Gogo prompt, without the prompt: a session of the container's {@link CommandProcessor} on
 * byte-array streams. {@link #run} executes one command line and formats its result as the shell prints it
 * ({@link Converter#INSPECT}), then reads the exit status the sysplug commands leave in {@value #EXIT}.
 *
 * <p>Commands run on one thread of this shell's own, so that a command that blocks fails the test after a bound
 * instead of hanging the suite.
 */
public final class Shell implements AutoCloseable {

    /** The session variable the sysplug commands set to 0, 1 or 2. */
    public static final String EXIT = "sysplug.exit";
    /** What {@value #EXIT} holds before each command, so that a command that does not set it is seen. */
    private static final String UNSET = "(not set by the command)";
    /** How long a command may take unless the caller says otherwise. */
    public static final Duration COMMAND_WAIT = Duration.ofSeconds(15);

    /** The sysplug command service, and the converter that renders its results (both DS components). */
    private static final String COMMANDS = "(&(osgi.command.scope=sysplug)(osgi.command.function=submit)"
            + "(osgi.command.function=status))";
    /** The device commands (online, offline, add, eject), another component of the same bundle. */
    private static final String DEVICE_COMMANDS = "(&(osgi.command.scope=sysplug)(osgi.command.function=online)"
            + "(osgi.command.function=eject))";
    private static final String CONVERTER = "(&(objectClass=" + Converter.class.getName()
            + ")(component.name=org.sysplug.framework.shell.ShellConverter))";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CommandSession session;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "it-shell");
        t.setDaemon(true);
        return t;
    });

    /**
     * What one command line gave.
     *
     * @param line the command line
     * @param value what the command returned
     * @param text the value formatted as the shell prints it
     * @param exit the value of {@value #EXIT} afterwards (the text {@value #UNSET} if the command left it alone)
     * @param out what the session printed on its output stream
     * @param err what it printed on its error stream
     */
    public record Result(String line, Object value, String text, Object exit, String out, String err) {

        /** For assertion messages. */
        public String describe() {
            return "'" + line + "' (exit " + exit + ") printed:\n" + text
                    + (out.isEmpty() ? "" : "\n[out] " + out) + (err.isEmpty() ? "" : "\n[err] " + err);
        }
    }

    private Shell(CommandProcessor processor) {
        session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** A session of {@code processor}, once the sysplug commands and their converter are registered. */
    public static Shell open(BundleContext context, CommandProcessor processor) throws InterruptedException {
        awaitService(context, COMMANDS);
        awaitService(context, DEVICE_COMMANDS);
        awaitService(context, CONVERTER);
        return new Shell(processor);
    }

    private static void awaitService(BundleContext context, String filter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences((String) null, filter);
                if (refs != null && refs.length > 0) {
                    return;
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(filter, e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no service " + filter + " 10 s after the platform started");
            }
            Thread.sleep(10);
        }
    }

    /** Runs a command line; fails if it does not return within {@link #COMMAND_WAIT}. */
    public Result run(String line) {
        return run(line, COMMAND_WAIT);
    }

    /** Runs a command line; fails if it does not return within {@code within} or if it throws. */
    public Result run(String line, Duration within) {
        session.put(EXIT, UNSET);
        out.reset();
        err.reset();
        Future<Object[]> command = thread.submit(() -> {
            Object value = session.execute(line);
            CharSequence text = value == null ? "" : session.format(value, Converter.INSPECT);
            return new Object[] { value, text == null ? "" : text.toString() };
        });
        Object[] done;
        try {
            done = command.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("'" + line + "' did not return within " + within.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new AssertionError("'" + line + "' threw " + e.getCause() + "; err: " + text(err), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while '" + line + "' ran", e);
        }
        return new Result(line, done[0], (String) done[1], session.get(EXIT), text(out), text(err));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        session.close();
    }
}
