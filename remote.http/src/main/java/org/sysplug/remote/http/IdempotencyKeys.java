package org.sysplug.remote.http;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;

/**
 * {@code Idempotency-Key: K}: a client that retries a submission (its connection broke before the answer)
 * gets the request it made the first time, not a second one. The key is kept as the request's parameter
 * {@value #PARAMETER}, so the journal keeps it and a restarted sysplug still knows it: a key is looked up
 * in the queue's requests, queued, running and in the history ({@code RequestQueue.recent()}); once a
 * request has left the history its key is free again. A request that ended without ever running is free
 * at once: one the queue REJECTED (full, stopping), so that the retry a 503's {@code Retry-After} invites is
 * submitted anew, and one CANCELLED while it waited (sysplug stopped or was killed with it queued, which the
 * journal records as "it never ran and changed nothing; submit it again"), so that the retry a client makes
 * when the agent went away runs it instead of replaying a request that did nothing.
 */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    static final String PARAMETER = SubmitBody.RESERVED_PREFIX + "idempotency-key";
    private static final int MAX_LENGTH = 128;

    private IdempotencyKeys() {
    }

    /** A usable key: 1 to 128 visible ASCII characters. */
    static String check(String key) throws ApiServlet.Refusal {
        if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ApiServlet.Refusal(HttpServletResponse.SC_BAD_REQUEST,
                    HEADER + " must be 1 to " + MAX_LENGTH + " visible ASCII characters (a UUID, say)");
        }
        return key;
    }

    /** The request made with this key, newest first, if the queue still knows it and it did not end without running. */
    static Optional<Outcome> find(List<Outcome> recent, String key) {
        return recent.stream().filter(o -> !endedWithoutRunning(o))
                .filter(o -> key.equals(o.request().parameters().get(PARAMETER))).findFirst();
    }

    /** Rejected, or ended before it started: it changed nothing. A queued request has not ended. */
    static boolean endedWithoutRunning(Outcome o) {
        return o.status() == Status.REJECTED || (o.status().isTerminal() && o.started().isEmpty());
    }

    /** Whether two requests ask for the same thing: all but who asked and from where. */
    static boolean sameAsked(HotplugRequest a, HotplugRequest b) {
        return a.operation() == b.operation() && a.targets().equals(b.targets()) && a.dryRun() == b.dryRun()
                && a.deadline().equals(b.deadline()) && asked(a.parameters()).equals(asked(b.parameters()));
    }

    private static Map<String, String> asked(Map<String, String> parameters) {
        return parameters.entrySet().stream().filter(e -> !e.getKey().startsWith(SubmitBody.RESERVED_PREFIX))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
