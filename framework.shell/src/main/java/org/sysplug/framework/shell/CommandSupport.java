package org.sysplug.framework.shell;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.shell.RequestWaiter;
import org.sysplug.shell.ShellStatus;
import org.sysplug.shell.ShellText;

/**
 * What the framework's commands share: the exit status they leave in the session
 * ({@link ShellStatus}: 0 success, 1 failure, 2 usage error), which the one-shot launcher exits
 * with; and, for the commands that start a request, submitting it, waiting for its outcome and showing
 * it, or returning its id at once with {@code --async}.
 */
final class CommandSupport {

    static final int OK = ShellStatus.OK;
    static final int FAILED = ShellStatus.FAILED;
    static final int USAGE = ShellStatus.USAGE;

    private CommandSupport() {
    }

    /** Leaves {@code status} in the session and returns {@code result}, what the command prints. */
    static Object done(CommandSession session, int status, Object result) {
        return ShellStatus.done(session, status, result);
    }

    /** A usage error: {@code command: message}, exit 2. */
    static Object usage(CommandSession session, String command, IllegalArgumentException e) {
        return done(session, USAGE, new Views.Message(command + ": " + oneLine(e.getMessage())));
    }

    /** Longest usage message shown; what an operator typed is echoed in it, and may be anything. */
    static final int MAX_MESSAGE = ShellText.MAX_MESSAGE;

    /** A message that echoes what an operator typed, as one line (see {@link ShellText#oneLine}). */
    static String oneLine(String message) {
        return ShellText.oneLine(message);
    }

    /**
     * Sets a request's deadline from {@code --deadline SECONDS}; 0 means none.
     *
     * @throws IllegalArgumentException for a negative or not finite number
     */
    static HotplugRequest.Builder deadline(HotplugRequest.Builder builder, double seconds) {
        if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("--deadline must be a positive number of seconds (0: no deadline), got " + seconds);
        }
        if (seconds > 0) {
            // at least a millisecond: --deadline 0.0001 asks for a deadline, not for none
            builder.deadline(Duration.ofMillis(Math.max(1, Math.round(seconds * 1000))));
        }
        return builder;
    }

    /**
     * Submits a request; with {@code async} returns its id at once ({@code request N queued}, or
     * {@code {"id":N}}), otherwise waits for its outcome and shows it, exiting 1 unless it succeeded.
     */
    static Object submit(CommandSession session, RequestQueue queue, HotplugRequest request, boolean async,
            boolean json) {
        Submission submission = queue.submit(request);
        if (async) {
            Reply reply = queuedReply(submission, json);
            return done(session, reply.status(), reply.shown());
        }
        return awaitOutcome(session, queue, submission, json);
    }

    /** What a command shows and the exit status it leaves. */
    record Reply(int status, Object shown) {
    }

    /**
     * What {@code --async} answers: the id of a request the queue took; but a request the queue
     * refused at once (a full queue) is shown with its refusal and exits 1, never reported queued.
     */
    static Reply queuedReply(Submission submission, boolean json) {
        var done = submission.outcome().toCompletableFuture();
        if (done.isDone() && !done.isCompletedExceptionally() && done.join().status() == Status.REJECTED) {
            return new Reply(FAILED, detail(done.join(), json));
        }
        return new Reply(OK, json ? Json.of(Map.of("id", submission.id()))
                : new Views.Message("request " + submission.id() + " queued"));
    }

    /**
     * Waits for a submitted request ({@link RequestWaiter}: a progress line on a terminal, Ctrl-C
     * cancels it) and shows its outcome, exiting 1 unless it succeeded.
     */
    static Object awaitOutcome(CommandSession session, RequestQueue queue, Submission submission, boolean json) {
        Optional<Outcome> outcome = RequestWaiter.of(session, queue).await(submission);
        if (outcome.isEmpty()) {
            return done(session, FAILED, new Views.Message(RequestWaiter.stoppedWaiting(submission.id())));
        }
        return done(session, outcome.get().succeeded() ? OK : FAILED, detail(outcome.get(), json));
    }

    /** A request's status, failure and trace, as text or JSON. */
    static Object detail(Outcome outcome, boolean json) {
        var view = new Views.RequestDetail(outcome);
        return json ? Json.of(Render.json(view)) : view;
    }
}
