package org.sysplug.log.slf4j;

import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MarkerIgnoringBase;
import org.slf4j.helpers.MessageFormatter;
import org.sysplug.log.slf4j.LogSink.Level;

/** One slf4j logger: formats as slf4j does ({@code {}} placeholders, a trailing exception) and hands on. */
final class Slf4jLogger extends MarkerIgnoringBase {

    private static final long serialVersionUID = 1L;

    private final transient LogSink sink;

    Slf4jLogger(String name, LogSink sink) {
        this.name = name;
        this.sink = sink;
    }

    private void log(Level level, FormattingTuple formatted) {
        sink.log(level, name, formatted.getMessage(), formatted.getThrowable());
    }

    private void log(Level level, String message, Throwable failure) {
        if (sink.enabled(level)) {
            sink.log(level, name, message, failure);
        }
    }

    private void format(Level level, String format, Object... arguments) {
        if (sink.enabled(level)) {
            log(level, MessageFormatter.arrayFormat(format, arguments));
        }
    }

    @Override
    public boolean isTraceEnabled() {
        return sink.enabled(Level.TRACE);
    }

    @Override
    public void trace(String message) {
        log(Level.TRACE, message, null);
    }

    @Override
    public void trace(String format, Object argument) {
        format(Level.TRACE, format, argument);
    }

    @Override
    public void trace(String format, Object first, Object second) {
        format(Level.TRACE, format, first, second);
    }

    @Override
    public void trace(String format, Object... arguments) {
        format(Level.TRACE, format, arguments);
    }

    @Override
    public void trace(String message, Throwable failure) {
        log(Level.TRACE, message, failure);
    }

    @Override
    public boolean isDebugEnabled() {
        return sink.enabled(Level.DEBUG);
    }

    @Override
    public void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    @Override
    public void debug(String format, Object argument) {
        format(Level.DEBUG, format, argument);
    }

    @Override
    public void debug(String format, Object first, Object second) {
        format(Level.DEBUG, format, first, second);
    }

    @Override
    public void debug(String format, Object... arguments) {
        format(Level.DEBUG, format, arguments);
    }

    @Override
    public void debug(String message, Throwable failure) {
        log(Level.DEBUG, message, failure);
    }

    @Override
    public boolean isInfoEnabled() {
        return sink.enabled(Level.INFO);
    }

    @Override
    public void info(String message) {
        log(Level.INFO, message, null);
    }

    @Override
    public void info(String format, Object argument) {
        format(Level.INFO, format, argument);
    }

    @Override
    public void info(String format, Object first, Object second) {
        format(Level.INFO, format, first, second);
    }

    @Override
    public void info(String format, Object... arguments) {
        format(Level.INFO, format, arguments);
    }

    @Override
    public void info(String message, Throwable failure) {
        log(Level.INFO, message, failure);
    }

    @Override
    public boolean isWarnEnabled() {
        return sink.enabled(Level.WARN);
    }

    @Override
    public void warn(String message) {
        log(Level.WARN, message, null);
    }

    @Override
    public void warn(String format, Object argument) {
        format(Level.WARN, format, argument);
    }

    @Override
    public void warn(String format, Object first, Object second) {
        format(Level.WARN, format, first, second);
    }

    @Override
    public void warn(String format, Object... arguments) {
        format(Level.WARN, format, arguments);
    }

    @Override
    public void warn(String message, Throwable failure) {
        log(Level.WARN, message, failure);
    }

    @Override
    public boolean isErrorEnabled() {
        return sink.enabled(Level.ERROR);
    }

    @Override
    public void error(String message) {
        log(Level.ERROR, message, null);
    }

    @Override
    public void error(String format, Object argument) {
        format(Level.ERROR, format, argument);
    }

    @Override
    public void error(String format, Object first, Object second) {
        format(Level.ERROR, format, first, second);
    }

    @Override
    public void error(String format, Object... arguments) {
        format(Level.ERROR, format, arguments);
    }

    @Override
    public void error(String message, Throwable failure) {
        log(Level.ERROR, message, failure);
    }
}
