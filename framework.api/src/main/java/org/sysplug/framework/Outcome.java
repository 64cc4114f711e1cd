package org.sysplug.framework;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A request's result, or its state so far while it is queued or running.
 *
 * @param id the id the queue gave the request
 * @param request the request
 * @param status where it stands or how it ended
 * @param failure why it did not succeed, when it did not
 * @param trace every handler call so far, in call order
 * @param inconsistent devices that may be left in an intermediate state (FAILED_INCONSISTENT)
 * @param devices the devices handlers recorded
 * @param resources the resources handlers recorded
 * @param submitted when it was submitted
 * @param started when it started, if it has
 * @param finished when it ended, if it has
 */
public record Outcome(long id, HotplugRequest request, Status status, Optional<Failure> failure,
        List<TraceEntry> trace, List<String> inconsistent, List<Device> devices, List<Resource> resources,
        Instant submitted, Optional<Instant> started, Optional<Instant> finished) {

    public Outcome {
        trace = List.copyOf(trace);
        inconsistent = List.copyOf(inconsistent);
        devices = List.copyOf(devices);
        resources = List.copyOf(resources);
    }

    /** How long it ran (so far, if it is running); zero if it never started. */
    public Duration runTime() {
        return started.map(s -> Duration.between(s, finished.orElseGet(Instant::now))).orElse(Duration.ZERO);
    }

    /** How long it waited in the queue (so far, if it is still queued). */
    public Duration queueTime() {
        Instant end = started.orElseGet(() -> finished.orElseGet(Instant::now));
        return Duration.between(submitted, end);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
