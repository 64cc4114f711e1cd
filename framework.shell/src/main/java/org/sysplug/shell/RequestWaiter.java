package org.sysplug.shell;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.CommandSession;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Progress;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;

/**
 * How every sysplug command waits for the request it submitted (the framework's {@code submit},
 * {@code online}, {@code offline}, {@code add}, {@code eject}, {@code reconcile}, the simulator's
 * {@code insert} and {@code eject-request}, chcpu and chmem on the running machine).
 *
 * <p>On a terminal it shows one line that it rewrites in place while the request runs
 * ({@code request 12: OFFLINE 1,200/20,000 devices, DELETE_EXECUTE memory.remove, 3.2 s}) and
 * clears before the outcome is printed; elsewhere (a one-shot run, a script, a pipe) it prints
 * nothing while it waits, so output stays what the command returns. The console says it is a
 * terminal by the session variable {@value #TTY} ({@code true}), and may give its width in
 * {@value #COLUMNS}.
 *
 * <p>Ctrl-C interrupts the command's thread: the waiter then cancels the request, says so, and
 * goes on waiting for the rollback, so that the command still prints the outcome and exits with
 * the status it deserves. A request in its commit phase cannot be cancelled: the waiter says so
 * and waits for it to end. A second Ctrl-C stops the waiting (the request goes on; the caller
 * says how to follow it).
 */
public final class RequestWaiter {

    /** The session variable a console sets to {@code true} when its output is a terminal. */
    public static final String TTY = "sysplug.tty";
    /** The session variable with the terminal's width in columns, when the console knows it. */
    public static final String COLUMNS = "sysplug.columns";

    /** How often the progress line is rewritten. */
    private static final Duration TICK = Duration.ofMillis(200);
    /** A request that ends sooner than this never shows a progress line: no flicker for quick ones. */
    private static final Duration QUIET_FOR = Duration.ofMillis(500);
    private static final int DEFAULT_COLUMNS = 80;
    /** Back to the start of the line and erase it (ANSI: carriage return, erase in line). */
    private static final String CLEAR = "\r\u001b[K";

    private final RequestQueue queue;
    private final PrintStream console;
    private final boolean terminal;
    private final int columns;
    private boolean lineShown;

    /**
     * @param console where the progress line and the cancel notice go (the session's console)
     * @param terminal whether the console is a terminal: without one, no progress line
     * @param columns the terminal's width; the line is cut to fit
     */
    public RequestWaiter(RequestQueue queue, PrintStream console, boolean terminal, int columns) {
        this.queue = queue;
        this.console = console;
        this.terminal = terminal;
        this.columns = columns > 10 ? columns : DEFAULT_COLUMNS;
    }

    /** A waiter on the session's console, a terminal if the console said so. */
    public static RequestWaiter of(CommandSession session, RequestQueue queue) {
        boolean tty = session != null && isTrue(session.get(TTY));
        int columns = session == null ? 0 : number(session.get(COLUMNS));
        PrintStream console = session != null && session.getConsole() != null ? session.getConsole() : System.out;
        return new RequestWaiter(queue, console, tty, columns);
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value));
    }

    private static int number(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return value == null ? 0 : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Submits a request to the queue this waiter waits on. */
    public Submission submit(HotplugRequest request) {
        return queue.submit(request);
    }

    /**
     * Waits for the request's outcome, showing progress on a terminal and cancelling on the first
     * interrupt. Empty only when a second interrupt stopped the waiting before the request ended.
     */
    public Optional<Outcome> await(Submission submission) {
        Instant since = Instant.now();
        boolean cancelAsked = false;
        while (true) {
            try {
                Outcome outcome = submission.await(TICK);
                clearLine();
                if (cancelAsked) {
                    // said at once on the console too: a shell that gave up on the command at Ctrl-C
                    // (Gogo's own job control discards an interrupted command's result) still tells
                    ended(outcome);
                }
                return Optional.of(outcome);
            } catch (TimeoutException e) {
                if (terminal && Duration.between(since, Instant.now()).compareTo(QUIET_FOR) >= 0) {
                    show(line(submission.id(), queue.status(), Duration.between(since, Instant.now())));
                }
            } catch (InterruptedException e) {
                // the interrupt is answered here (by cancelling) and not passed on: the command
                // still has to print the outcome
                clearLine();
                if (cancelAsked) {
                    return Optional.empty();
                }
                cancelAsked = true;
                cancel(submission.id());
            }
        }
    }

    /** What a command prints when a second Ctrl-C stopped the waiting: where the request can be followed. */
    public static String stoppedWaiting(long id) {
        return "stopped waiting; request " + id + " goes on: 'sysplug:request " + id + "' shows it (a request in its "
                + "commit phase cannot be cancelled; before that, 'sysplug:cancel " + id + "' stops it)";
    }

    private void cancel(long id) {
        if (queue.cancel(id)) {
            console.println("cancelling request " + id + " (rolls back what ran) ...");
            return;
        }
        Optional<Outcome> now = queue.find(id);
        if (now.isPresent() && now.get().status() == Status.RUNNING) {
            console.println("request " + id + " is in its commit phase, which can neither be stopped nor undone: "
                    + "waiting for it to end (Ctrl-C again stops waiting, not the request)");
        }
        // otherwise it has just ended: its outcome follows
    }

    private void ended(Outcome outcome) {
        String how = switch (outcome.status()) {
            case CANCELLED -> "cancelled; what ran was rolled back";
            case FAILED_INCONSISTENT -> "failed; " + DeviceNames.compress(outcome.inconsistent())
                    + " may be left in an intermediate state";
            default -> outcome.status().name();
        };
        console.println("request " + outcome.id() + " " + how);
    }

    /**
     * The progress line: {@code request 12: OFFLINE 1,200/20,000 devices, DELETE_EXECUTE memory.remove, 3.2 s},
     * or {@code request 12: queued, 2 ahead, 0.8 s} while it waits for its turn.
     */
    static String line(long id, QueueStatus status, Duration waited) {
        String elapsed = String.format(Locale.ROOT, "%.1f s", waited.toMillis() / 1000.0);
        Optional<Outcome> running = status.running().filter(o -> o.id() == id);
        if (running.isEmpty()) {
            int ahead = status.queued().indexOf(id);
            return ahead < 0 ? "request " + id + ": " + elapsed
                    : "request " + id + ": queued, " + (ahead + (status.running().isPresent() ? 1 : 0)) + " ahead, "
                            + elapsed;
        }
        StringBuilder sb = new StringBuilder("request ").append(id).append(": ")
                .append(running.get().request().operation());
        Optional<Progress> progress = status.progress();
        if (progress.isPresent()) {
            Progress p = progress.get();
            if (p.counted()) {
                sb.append(String.format(Locale.ROOT, " %,d/%,d devices", p.done(), p.total()));
            }
            sb.append(", ").append(p.phase()).append(' ').append(p.handler());
        }
        return sb.append(", ").append(elapsed).toString();
    }

    private void show(String line) {
        String fitted = line.length() < columns ? line : line.substring(0, columns - 1);
        console.print(CLEAR + fitted);
        console.flush();
        lineShown = true;
    }

    private void clearLine() {
        if (lineShown) {
            console.print(CLEAR);
            console.flush();
            lineShown = false;
        }
    }
}
