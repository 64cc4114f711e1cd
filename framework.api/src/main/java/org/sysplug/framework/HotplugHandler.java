package org.sysplug.framework;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One step of one phase of a module, registered as an OSGi service with the {@link Handler}
 * properties. The framework calls {@link #apply} while a request runs and, when a later handler
 * of a validate or execute phase fails or the request is cancelled, {@link #rollback} on every
 * handler that already applied, newest first. A handler that fails is not rolled back: it must
 * leave nothing behind itself.
 *
 * <p>Handlers are called from one worker thread, one request at a time. What a handler needs
 * to remember between apply and rollback goes into {@link RequestContext#memo()}, never into
 * fields: the same handler serves every request.
 */
@ConsumerType
public interface HotplugHandler {

    /**
     * Does this handler's part of the request.
     *
     * @throws HotplugException to refuse or fail, with a message an operator can act on
     */
    void apply(RequestContext context) throws HotplugException;

    /**
     * Undoes what {@link #apply} did for this request. Validate handlers usually have nothing to
     * undo, but may report the failure (for example to the firmware).
     *
     * @throws HotplugException when the undo fails; the framework records it, goes on with the
     *         walk back and reports the request as possibly inconsistent
     */
    default void rollback(RequestContext context) throws HotplugException {
    }
}
