package org.sysplug.launcher;

import java.io.PrintStream;
import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Felix's framework log, one line per message on stderr and without stack traces: an operator
 * running one command wants to know which bundle failed and why, not Felix's internals.
 * Felix still filters by {@code felix.log.level} before calling this.
 */
final class QuietLogger extends Logger {

    private final PrintStream err;

    QuietLogger(PrintStream err) {
        this.err = err;
    }

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        StringBuilder line = new StringBuilder("sysplug: ");
        if (level == LOG_WARNING) {
            line.append("warning: ");
        }
        if (bundle != null && bundle.getBundleId() != 0) {
            line.append(bundle.getSymbolicName()).append(": ");
        }
        line.append(msg);
        Throwable cause = rootCause(throwable);
        if (cause != null && cause.getMessage() != null && !msg.contains(cause.getMessage())) {
            line.append(": ").append(cause.getMessage());
        }
        err.println(line);
    }

    static Throwable rootCause(Throwable throwable) {
        Throwable cause = throwable;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
