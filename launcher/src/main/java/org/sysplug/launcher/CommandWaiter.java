package org.sysplug.launcher;

import java.util.Collection;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Waits, bounded, until Gogo knows the command a line is about to run: the shell can be asked
 * before SCR has registered the command's component, and Gogo then answers "Command not found".
 *
 * <p>The set consulted is the session's {@code .commands}: every {@code scope:function} the
 * CommandProcessor has picked up from services carrying {@code osgi.command.scope} and
 * {@code osgi.command.function}, plus Gogo's built-ins. An unscoped name matches any scope.
 * The wait ends as soon as the command set is complete ({@link CommandSet}: no component that
 * offers commands can still register), so that a command that will never exist fails at once.
 */
final class CommandWaiter implements OneShot.Await {

    /** Whether every command that will come has come, given what Gogo lists. */
    @FunctionalInterface
    interface Completeness {
        boolean complete(Predicate<String> known);
    }

    private static final long POLL_MILLIS = 5;

    private final Session session;
    private final Completeness completeness;
    private final long timeoutNanos;

    CommandWaiter(Session session, Completeness completeness, long timeoutMillis) {
        this.session = session;
        this.completeness = completeness;
        this.timeoutNanos = timeoutMillis * 1_000_000;
    }

    /** The completeness Declarative Services reports (see {@link CommandSet}). */
    static Completeness of(ScrComponents components) {
        return known -> {
            var states = components.read();
            return states != null && CommandSet.complete(states, known);
        };
    }

    @Override
    public void forCommand(String name) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (!known(name) && !completeness.complete(this::listed)) {
                if (System.nanoTime() - deadline >= 0) {
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
        String suffix = ":" + name.toLowerCase(Locale.ROOT);
        boolean scoped = name.indexOf(':') >= 0;
        for (String key : commands()) {
            if (scoped ? key.equalsIgnoreCase(name) : key.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether Gogo lists exactly this {@code scope:function}. */
    private boolean listed(String scopedName) {
        for (String key : commands()) {
            if (key.equalsIgnoreCase(scopedName)) {
                return true;
            }
        }
        return false;
    }

    private java.util.List<String> commands() {
        if (session.get(".commands") instanceof Collection<?> commands) {
            return commands.stream().map(String::valueOf).toList();
        }
        return java.util.List.of();
    }
}
