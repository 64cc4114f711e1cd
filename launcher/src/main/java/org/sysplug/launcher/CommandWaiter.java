package org.sysplug.launcher;

import java.util.Collection;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceListener;

/**
 * Waits, bounded, until Gogo knows the command a line is about to run: the shell can be asked
 * before SCR has registered the command's component, and Gogo then answers "Command not found".
 *
 * <p>The set consulted is the session's {@code .commands}: every {@code scope:function} the
 * CommandProcessor has picked up from services carrying {@code osgi.command.scope} and
 * {@code osgi.command.function}, plus Gogo's built-ins. An unscoped name matches any scope.
 * The wait ends early when the service registry has been quiet for a while, so that a command
 * that will never exist fails in a fraction of a second instead of after the whole timeout.
 */
final class CommandWaiter implements OneShot.Await, AutoCloseable {

    private static final long POLL_MILLIS = 10;

    private final BundleContext context;
    private final Session session;
    private final long timeoutNanos;
    private final long quietNanos;
    private final ServiceListener listener = event -> touch();
    private volatile long lastServiceEvent = System.nanoTime();

    CommandWaiter(BundleContext context, Session session, long timeoutMillis, long quietMillis) {
        this.context = context;
        this.session = session;
        this.timeoutNanos = timeoutMillis * 1_000_000;
        this.quietNanos = quietMillis * 1_000_000;
        context.addServiceListener(listener);
    }

    private void touch() {
        lastServiceEvent = System.nanoTime();
    }

    @Override
    public void forCommand(String name) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (!known(name)) {
                long now = System.nanoTime();
                if (now - deadline >= 0 || now - lastServiceEvent >= quietNanos) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean known(String name) {
        if (session.get(name) != null) {
            return true; // a session variable holding a closure, or a scoped command
        }
        if (session.get(".commands") instanceof Collection<?> commands) {
            String suffix = ":" + name;
            for (Object command : commands) {
                String key = String.valueOf(command);
                if (name.indexOf(':') >= 0 ? key.equals(name) : key.endsWith(suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            context.removeServiceListener(listener);
        } catch (IllegalStateException e) {
            // The framework has already stopped.
        }
    }
}
