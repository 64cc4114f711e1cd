package org.sysplug.framework;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a handler sees while a request runs: the request, the devices and resources recorded so
 * far by earlier handlers, cancellation, and a way to leave notes in the trace. Handlers of
 * different modules never call each other; they meet here.
 */
@ProviderType
public interface RequestContext {

    /** The id the queue gave the request. */
    long id();

    HotplugRequest request();

    /** The phase of the current call. */
    Phase phase();

    /** Devices recorded so far, in the order recorded. */
    List<Device> devices();

    /** Records a device, replacing one of the same name. */
    void addDevice(Device device);

    /** Forgets a recorded device; true if there was one. */
    boolean removeDevice(String name);

    /** Every resource recorded so far, in the order recorded. */
    List<Resource> resources();

    /** The recorded resources of one type, in the order recorded. */
    <R extends Resource> List<R> resources(Class<R> type);

    /** Records a resource (an equal one is not recorded twice). */
    void addResource(Resource resource);

    /** Forgets a recorded resource; true if there was one. */
    boolean removeResource(Resource resource);

    /**
     * Storage private to the calling handler for this request: what apply puts here, rollback
     * finds. It is the place for "which blocks did I offline", never a handler's fields.
     */
    Map<String, Object> memo();

    /**
     * During a rollback, why the request is being rolled back: the failing handler's error, or the
     * cancellation. Empty while the request goes forward. A firmware module reads it to report the
     * right status (device busy, not just "failed").
     */
    Optional<Failure> rollbackCause();

    /** True once the request is cancelled or past its deadline; long handlers poll it. */
    boolean isCancelled();

    /** Throws the cancellation as a HotplugException if the request is cancelled. */
    void checkCancelled() throws HotplugException;

    /**
     * Runs {@code action} when the request is cancelled (at once if it already is), from the
     * cancelling thread: the way to interrupt a wait inside a port call.
     */
    void onCancel(Runnable action);

    /** Adds a line to this call's trace entry. */
    void note(String text);

    /**
     * Says that {@code device} may be left in an intermediate state: a handler whose own undo
     * failed part-way names what it could not put back. The request then ends
     * {@link Status#FAILED_INCONSISTENT} and its outcome lists the device, as the kernel's
     * cpuhp stops in a known intermediate state rather than loop; the walk back goes on.
     */
    void markInconsistent(String device);

    /**
     * Says that this handler takes {@code target}: it is the one that acts on it (or decided that
     * nothing needs doing, as for a CPU already online). Every target of a request must be taken by
     * a handler of its execute phase (of its validate phase in a dry run, which runs only that), or
     * the request fails with {@link HotplugException#NO_HANDLER} and rolls back before anything is
     * committed: a target that no running module acts on is never reported as done. A claim made
     * in another phase does not count for a request that runs (a module whose validate handler is
     * there but whose execute handler is not, as while its bundle starts, does nothing). Taking a
     * target twice is harmless.
     */
    void claim(Target target);

    /**
     * Says how far this call has come: {@code done} of the {@code total} devices it works on. A
     * handler that loops over many devices (offlining 20,000 memory blocks) reports after each, so
     * that {@link RequestQueue#status()} and a waiting shell show the count; it costs a field write.
     * The count belongs to the call and starts again at the next one.
     *
     * @since 1.3
     */
    void progress(int done, int total);

    /**
     * Reports a change this call made to a device. The framework announces it on EventAdmin
     * ({@link DeviceChange#TOPIC_PREFIX}) when the request ends, unless the change no longer stands:
     * a handler that fails or is rolled back has undone its changes, and they are dropped.
     *
     * @since 1.3
     */
    void changed(DeviceChange change);
}
