package org.sysplug.framework.core;

import java.util.List;
import java.util.Optional;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.RefusedHandler;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;

/**
 * The {@link RequestQueue} operations over one {@link SerialQueue} and the {@link HandlerRegistry}
 * it runs from: what the OSGi service and the test jar's {@code LocalQueue} both offer, written
 * once. A subclass builds its queue over {@link #registry} and returns it from {@link #queue()}.
 */
abstract class QueueFront implements RequestQueue {

    /** The handlers the queue runs; a subclass fills it (the service from SCR, a test directly). */
    final HandlerRegistry registry = new HandlerRegistry();

    /** The queue behind this front. */
    abstract SerialQueue queue();

    @Override
    public Submission submit(HotplugRequest request) {
        return queue().submit(request);
    }

    @Override
    public boolean cancel(long id) {
        return queue().cancel(id);
    }

    @Override
    public boolean cancel(long id, String by) {
        return queue().cancel(id, by);
    }

    @Override
    public QueueStatus status() {
        return queue().status();
    }

    @Override
    public Optional<Outcome> find(long id) {
        return queue().find(id);
    }

    @Override
    public List<Outcome> recent() {
        return queue().recent();
    }

    @Override
    public List<HandlerInfo> handlers() {
        return registry.snapshot().all().stream().map(HandlerEntry::info).toList();
    }

    @Override
    public List<RefusedHandler> refusedHandlers() {
        return registry.refused();
    }
}
