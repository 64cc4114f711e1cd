package org.sysplug.framework.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.RefusedHandler;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;

/**
 * A request queue that keeps what is submitted to it, for tests of what a component decides to
 * submit (the firmware module's notifications, the auto-online policy). Nothing runs: a
 * submission's outcome is what {@link #answer} gives, or never completes when it gives null.
 * That requests run is the real queue's to test (SerialQueueTest, the integration tests).
 */
public final class RecordingQueue implements RequestQueue {

    /** Every request submitted, in order; the n-th has id n. */
    public final List<HotplugRequest> submitted = new ArrayList<>();
    /** The outcome a submission completes with at once; null: it stays pending. */
    public Function<HotplugRequest, Outcome> answer = r -> null;

    @Override
    public Submission submit(HotplugRequest request) {
        submitted.add(request);
        Outcome o = answer.apply(request);
        return new Submission(submitted.size(), o == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(o));
    }

    @Override
    public boolean cancel(long id) {
        return false;
    }

    @Override
    public boolean cancel(long id, String by) {
        return false;
    }

    @Override
    public QueueStatus status() {
        throw new UnsupportedOperationException("a recording queue runs nothing");
    }

    @Override
    public Optional<Outcome> find(long id) {
        return Optional.empty();
    }

    @Override
    public List<Outcome> recent() {
        return List.of();
    }

    @Override
    public List<HandlerInfo> handlers() {
        return List.of();
    }

    @Override
    public List<RefusedHandler> refusedHandlers() {
        return List.of();
    }
}
