package org.sysplug.log.slf4j;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * slf4j's loggers over the OSGi log: a message of Jetty or Felix HTTP at INFO or above becomes an entry
 * of the OSGi log service, under the slf4j logger's name, with its exception (the {@code log} command
 * shows them; nothing reaches the console). DEBUG and TRACE are off. Until a log service is there (or
 * outside a framework) WARN and ERROR are one line each on stderr, without a stack trace, so that
 * nothing is lost silently either.
 */
public final class OsgiLogLoggers implements ILoggerFactory {

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final LogSink sink;

    /** Loggers of the bundle that holds {@code inBundle}. */
    public OsgiLogLoggers(Class<?> inBundle) {
        this(new OsgiLogSink(FrameworkUtil.getBundle(inBundle), System.err));
    }

    OsgiLogLoggers(LogSink sink) {
        this.sink = sink;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new Slf4jLogger(n, sink));
    }

    /** The OSGi log of one bundle, found when first needed, with stderr as the fallback. */
    static final class OsgiLogSink implements LogSink {

        private final Bundle bundle;
        private final PrintStream fallback;
        private volatile ServiceTracker<LoggerFactory, LoggerFactory> tracker;

        OsgiLogSink(Bundle bundle, PrintStream fallback) {
            this.bundle = bundle;
            this.fallback = fallback;
        }

        @Override
        public void log(Level level, String logger, String message, Throwable failure) {
            LoggerFactory factory = factory();
            if (factory == null) {
                if (level.compareTo(Level.WARN) >= 0) {
                    fallback.println("sysplug: " + (level == Level.WARN ? "warning: " : "") + logger + ": " + message
                            + (failure == null || failure.getMessage() == null ? "" : ": " + failure.getMessage()));
                }
                return;
            }
            org.osgi.service.log.Logger to = factory.getLogger(logger);
            // the message is already formatted: pass it as the one argument, so that a '{}' in it stays as it is
            Object[] args = failure == null ? new Object[] { message } : new Object[] { message, failure };
            switch (level) {
                case ERROR -> to.error("{}", args);
                case WARN -> to.warn("{}", args);
                default -> to.info("{}", args);
            }
        }

        private LoggerFactory factory() {
            ServiceTracker<LoggerFactory, LoggerFactory> t = tracker;
            if (t == null) {
                BundleContext context = bundle == null ? null : bundle.getBundleContext();
                if (context == null) {
                    return null; // not started (yet), or not in a framework
                }
                synchronized (this) {
                    if (tracker == null) {
                        ServiceTracker<LoggerFactory, LoggerFactory> opened = new ServiceTracker<>(context, LoggerFactory.class, null);
                        opened.open();
                        tracker = opened;
                    }
                    t = tracker;
                }
            }
            try {
                return t.getService();
            } catch (IllegalStateException stopped) {
                return null;
            }
        }
    }
}
