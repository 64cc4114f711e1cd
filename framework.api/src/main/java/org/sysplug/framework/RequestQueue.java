package org.sysplug.framework;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one queue every hot-plug and online/offline operation goes through. One worker runs one
 * request at a time, against one snapshot of the handlers, through validate, execute and commit;
 * a failure is rolled back.
 */
@ProviderType
public interface RequestQueue {

    /** Event topics posted to EventAdmin when it is present; the event carries {@link #EVENT_ID} and more. */
    String TOPIC_PREFIX = "org/sysplug/request/";
    String TOPIC_QUEUED = TOPIC_PREFIX + "QUEUED";
    String TOPIC_STARTED = TOPIC_PREFIX + "STARTED";
    String TOPIC_SUCCEEDED = TOPIC_PREFIX + "SUCCEEDED";
    String TOPIC_FAILED = TOPIC_PREFIX + "FAILED";
    String TOPIC_CANCELLED = TOPIC_PREFIX + "CANCELLED";
    /** Event property: the request id (Long). */
    String EVENT_ID = "sysplug.request.id";
    /** Event property: the operation name. */
    String EVENT_OPERATION = "sysplug.request.operation";
    /** Event property: the target names (String[]). */
    String EVENT_TARGETS = "sysplug.request.targets";
    /** Event property: the status name. */
    String EVENT_STATUS = "sysplug.request.status";
    /** Event property: the failure, as one line, when there is one. */
    String EVENT_MESSAGE = "sysplug.request.message";

    /**
     * Posted to EventAdmin when a handler service is refused ({@link #refusedHandlers()}): carries
     * {@link #EVENT_HANDLER}, {@link #EVENT_BUNDLE} and the reason as {@link #EVENT_MESSAGE}.
     */
    String TOPIC_HANDLER_REFUSED = "org/sysplug/handler/REFUSED";
    /** Event property: the handler's name. */
    String EVENT_HANDLER = "sysplug.handler.name";
    /** Event property: the symbolic name of the handler's bundle. */
    String EVENT_BUNDLE = "sysplug.handler.bundle";

    /**
     * Queues a request and returns at once. A full queue rejects the request: its outcome is
     * then already complete with status {@link Status#REJECTED}.
     */
    Submission submit(HotplugRequest request);

    /**
     * Cancels a request: a queued one never starts; a running one stops before its next handler
     * call and rolls back. A validate or execute handler running at that moment has its thread
     * interrupted, as a signal interrupts a process blocked in the kernel: a port call that waits
     * then fails and the request rolls back. Returns false when no queued or running request has
     * that id. The request's failure says it was cancelled by an operator: {@link #cancel(long, String)}
     * names who.
     */
    boolean cancel(long id);

    /**
     * Cancels as {@link #cancel(long)} does, naming who asked: the request's failure (which the
     * journal keeps and {@code sysplug:request} shows) says {@code request ID was cancelled by BY}, as
     * its origin and parameters say who submitted it.
     *
     * @param by who asked, in one line, in the words of a request's origin and parameters, e.g.
     *        {@code http (http.remote=192.0.2.7:40312 http.token=true)}; blank for an unnamed operator
     * @since 1.4
     */
    boolean cancel(long id, String by);

    /** The queue now. */
    QueueStatus status();

    /** A request's outcome, or its state so far; empty when the id is unknown or forgotten. */
    Optional<Outcome> find(long id);

    /** Recent requests, newest first: the running one, the queued ones and the history. */
    List<Outcome> recent();

    /** The tracked handlers, by phase and then in the order they run. */
    List<HandlerInfo> handlers();

    /**
     * The handler services registered now that the queue refused for their properties, in the
     * order they arrived; a request never calls them. Empty when every handler is in use.
     */
    List<RefusedHandler> refusedHandlers();
}
