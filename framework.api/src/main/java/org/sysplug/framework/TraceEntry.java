package org.sysplug.framework;

import java.time.Duration;
import java.util.List;

/**
 * The record of one handler call.
 *
 * @param handler the handler's name
 * @param bundle the symbolic name of its bundle
 * @param phase its list
 * @param rank its order rank
 * @param action apply or rollback
 * @param duration how long the call took
 * @param result how it ended
 * @param message the failure, or empty
 * @param notes what the handler noted during the call
 */
public record TraceEntry(String handler, String bundle, Phase phase, int rank, Action action, Duration duration,
        Result result, String message, List<String> notes) {

    public enum Action {
        APPLY, ROLLBACK
    }

    public enum Result {
        /** The call returned normally. */
        OK,
        /** The call threw. */
        FAILED,
        /** The call was not made: the handler had gone away. */
        SKIPPED
    }

    public TraceEntry {
        notes = List.copyOf(notes);
    }
}
