package org.sysplug.framework.shell;

import org.apache.felix.service.command.CommandSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.sysplug.shell.CommandFailures;
import org.sysplug.shell.ShellStatus;

/**
 * {@link CommandFailures} as a service, for the one-shot launcher: it runs outside the framework
 * and cannot link against any bundle's classes, so it finds this service by its property
 * {@value #ROLE}{@code =true} and calls {@link #explain} through reflection, with the Gogo
 * session it ran the line in. The interactive console calls {@link CommandFailures} itself: one
 * mapping serves both.
 */
@Component(service = Object.class, property = FailureExplainer.ROLE + "=true")
public final class FailureExplainer {

    /** The service property the launcher looks for. */
    public static final String ROLE = "sysplug.shell.failures";

    private final Logger log;

    @Activate
    public FailureExplainer(@Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
    }

    /**
     * Leaves the exit status of {@code failure}, thrown by {@code line}, in the session
     * ({@link ShellStatus#VARIABLE}) and returns what to print; an unexpected failure goes to
     * the log with its stack trace.
     */
    public String explain(CommandSession session, String line, Throwable failure) {
        CommandFailures.Explained explained = CommandFailures.explain(session, line, failure);
        if (explained.unexpected()) {
            log.error("'{}' failed", line, failure);
        }
        return ShellStatus.done(session, explained.status(), explained.message());
    }
}
