package org.sysplug.framework;

import java.util.List;
import java.util.Optional;

/**
 * The queue at one moment.
 *
 * @param capacity how many requests may wait
 * @param queued the ids of the waiting requests, oldest first
 * @param running the running request's state, if one runs
 * @param handlers how many handlers are tracked
 * @param activeCall the handler call the running request is in now, with its phase, rank and
 *        how long it has taken so far ({@code cpu.online (ADD_EXECUTE 110) for 1.203 s}); empty
 *        between calls
 * @param progress the running request's call in progress and its device counts; empty between calls
 */
public record QueueStatus(int capacity, List<Long> queued, Optional<Outcome> running, int handlers,
        Optional<String> activeCall, Optional<Progress> progress) {

    public QueueStatus {
        queued = List.copyOf(queued);
        java.util.Objects.requireNonNull(progress, "progress");
    }

    /** A status without progress, as queues before 1.3 gave it. */
    public QueueStatus(int capacity, List<Long> queued, Optional<Outcome> running, int handlers,
            Optional<String> activeCall) {
        this(capacity, queued, running, handlers, activeCall, Optional.empty());
    }
}
