package org.sysplug.framework;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An execute handler that records what it changes and undoes exactly that, newest first: on
 * rollback, and when its own apply fails part-way (a handler that fails is not rolled back, so it
 * must leave nothing behind itself). Subclasses say how to change and how to undo; this class
 * keeps the record in the request's {@link RequestContext#memo() memo} and walks it back.
 *
 * @param <W> the record of what apply changed (which blocks it onlined, which CPUs it registered)
 */
@ConsumerType
public abstract class ReversibleHandler<W> implements HotplugHandler {

    private static final String WORK = ReversibleHandler.class.getName() + ".work";

    /** A fresh, empty record for one request. */
    protected abstract W newWork();

    /** Does the handler's part, adding to {@code work} each change as soon as it is made. */
    protected abstract void forward(RequestContext context, W work) throws HotplugException;

    /**
     * Undoes every change {@code work} records, newest first, going on past failures.
     *
     * @return the undo steps that failed, in the order they failed
     */
    protected abstract List<HotplugException> undo(W work);

    /** A line for the trace once a rollback undid {@code work}, or null for none. */
    protected String undone(W work) {
        return null;
    }

    @Override
    public final void apply(RequestContext context) throws HotplugException {
        W work = newWork();
        context.memo().put(WORK, work);
        try {
            forward(context, work);
        } catch (HotplugException e) {
            for (HotplugException undoError : undoUninterrupted(work)) {
                e.addSuppressed(undoError);
                context.note("undo failed: " + undoError.describe() + "; this may be left behind");
                // the failing handler is not rolled back by the framework: what its own undo could
                // not put back must show in the outcome, not only in the trace
                if (undoError.device() != null && !undoError.device().isEmpty()) {
                    context.markInconsistent(undoError.device());
                } else {
                    context.request().targets().forEach(t -> context.markInconsistent(t.name()));
                }
            }
            throw e;
        }
    }

    @Override
    public final void rollback(RequestContext context) throws HotplugException {
        @SuppressWarnings("unchecked")
        W work = (W) context.memo().get(WORK);
        if (work == null) {
            return;
        }
        List<HotplugException> errors = undoUninterrupted(work);
        if (!errors.isEmpty()) {
            HotplugException first = errors.get(0);
            errors.subList(1, errors.size()).forEach(first::addSuppressed);
            throw first;
        }
        String line = undone(work);
        if (line != null) {
            context.note(line);
        }
    }

    /**
     * Undoes with this thread's interrupt cleared: a cancel interrupts the apply it stops, and the
     * undo that follows must not be cut short by the same interrupt. The interrupt is restored.
     */
    private List<HotplugException> undoUninterrupted(W work) {
        boolean interrupted = Thread.interrupted();
        try {
            return undo(work);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
