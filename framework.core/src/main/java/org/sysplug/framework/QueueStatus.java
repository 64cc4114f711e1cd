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
 */
public record QueueStatus(int capacity, List<Long> queued, Optional<Outcome> running, int handlers) {

    public QueueStatus {
        queued = List.copyOf(queued);
    }
}
