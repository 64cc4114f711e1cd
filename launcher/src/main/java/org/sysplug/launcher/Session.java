package org.sysplug.launcher;

/** The part of a Gogo {@code CommandSession} the launcher uses (see {@link GogoSession}). */
interface Session extends AutoCloseable {

    /** Runs a command line; throws what the command threw. */
    Object execute(String commandLine) throws Exception;

    /** A session variable, or a command when the name is scoped; null when there is none. */
    Object get(String name);

    /** Sets a session variable; null removes it. */
    void put(String name, Object value);

    /** The result as the interactive shell would print it. */
    CharSequence format(Object result) throws Exception;

    @Override
    void close();
}
