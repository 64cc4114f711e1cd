package org.slf4j.impl;

import org.slf4j.ILoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;
import org.sysplug.log.slf4j.OsgiLogLoggers;

/** What slf4j-api 1.7 asks a binding for: the logger factory. */
public final class StaticLoggerBinder implements LoggerFactoryBinder {

    /** The slf4j API version this binding is written against (slf4j-api checks it). */
    public static String REQUESTED_API_VERSION = "1.6.99"; // NOPMD: slf4j reads this field by name

    private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

    private final ILoggerFactory factory = new OsgiLogLoggers(StaticLoggerBinder.class);

    private StaticLoggerBinder() {
    }

    public static StaticLoggerBinder getSingleton() {
        return SINGLETON;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public String getLoggerFactoryClassStr() {
        return OsgiLogLoggers.class.getName();
    }
}
