package org.sysplug.framework.core;

import org.sysplug.framework.Failure;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.TraceEntry;

/**
 * Where the queue and the runner tell a request's life as it happens: the {@link Journal} when
 * sysplug has a data directory, {@link #NONE} otherwise. Calls come from the worker thread, except
 * {@link #queued} and {@link #finished} (any thread that submits or cancels); implementations
 * never throw.
 */
interface RequestLog {

    /** Keeps nothing: history lives in memory only. */
    RequestLog NONE = new RequestLog() {
    };

    /** Accepted or refused by the queue; a refused one is {@link #finished} right after. */
    default void queued(RequestRun run) {
    }

    default void started(RequestRun run) {
    }

    /** A handler call begins: if the process ends now, this is the handler the request was in. */
    default void entering(RequestRun run, HandlerEntry handler, Phase phase, TraceEntry.Action action) {
    }

    /** A handler call ended with this trace entry. */
    default void called(RequestRun run, TraceEntry entry) {
    }

    default void rollingBack(RequestRun run, Failure cause) {
    }

    /** Every handler of {@code phase} has been called: a boundary worth making durable. */
    default void phaseEnded(RequestRun run, Phase phase) {
    }

    /** The request ended; called before its caller hears of it. */
    default void finished(Outcome outcome) {
    }
}
