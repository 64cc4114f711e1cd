package org.sysplug.log.slf4j;

/** Where formatted messages go. */
interface LogSink {

    /** The levels slf4j has, least severe first. */
    enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    /** Whether messages of this level are kept: INFO and above. */
    default boolean enabled(Level level) {
        return level.compareTo(Level.INFO) >= 0;
    }

    void log(Level level, String logger, String message, Throwable failure);
}
