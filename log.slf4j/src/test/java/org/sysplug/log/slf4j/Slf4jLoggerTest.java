package org.sysplug.log.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class Slf4jLoggerTest {

    record Entry(LogSink.Level level, String logger, String message, Throwable failure) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final OsgiLogLoggers loggers = new OsgiLogLoggers((level, logger, message, failure) ->
            entries.add(new Entry(level, logger, message, failure)));

    @Test
    void formatsAsSlf4jDoesAndKeepsTheTrailingException() {
        Logger jetty = loggers.getLogger("org.eclipse.jetty.server.Server");
        IOException failure = new IOException("Failed to bind to /127.0.0.1:8080");
        jetty.warn("Failed to start {}: {}", "ServerConnector@1", "port", failure);
        jetty.error("plain", failure);
        jetty.info("Started {}", "Server@2");

        assertThat(entries).containsExactly(
                new Entry(LogSink.Level.WARN, "org.eclipse.jetty.server.Server", "Failed to start ServerConnector@1: port", failure),
                new Entry(LogSink.Level.ERROR, "org.eclipse.jetty.server.Server", "plain", failure),
                new Entry(LogSink.Level.INFO, "org.eclipse.jetty.server.Server", "Started Server@2", null));
        assertThat(loggers.getLogger("org.eclipse.jetty.server.Server")).isSameAs(jetty);
    }

    @Test
    void debugAndTraceAreOff() {
        Logger logger = loggers.getLogger("x");
        logger.debug("a {}", 1);
        logger.trace("b");
        assertThat(logger.isDebugEnabled()).isFalse();
        assertThat(logger.isTraceEnabled()).isFalse();
        assertThat(logger.isWarnEnabled()).isTrue();
        assertThat(entries).isEmpty();
    }

    @Test
    void withoutALogServiceWarningsAreOneLineOnStderrAndInfoIsDropped() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        OsgiLogLoggers outside = new OsgiLogLoggers(new OsgiLogLoggers.OsgiLogSink(null, err));
        Logger http = outside.getLogger("http");
        http.info("Started");
        http.error("Failed to start Connector", new IOException("Failed to bind", new BindException("Address already in use")));
        http.warn("slow");

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "sysplug: http: Failed to start Connector: Failed to bind",
                "sysplug: warning: http: slow");
    }
}
