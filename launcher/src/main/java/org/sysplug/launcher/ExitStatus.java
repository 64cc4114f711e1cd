package org.sysplug.launcher;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher's exit statuses and how a Gogo command chooses its own.
 *
 * <p>Convention, defined by the shell bundle's {@code org.sysplug.shell.ShellStatus}: a command
 * reports its status by setting the session variable {@value #VARIABLE} to an Integer (0
 * success, 1 failure, 64 partial success, ...). A command that does not set it succeeded: status 0. A command that throws
 * fails: an unknown command or an argument Gogo cannot use (both IllegalArgumentException, the
 * former as Gogo's CommandNotFoundException) is a usage error, 2; anything else is 1.
 */
public final class ExitStatus {

    /**
     * The session variable a command sets to choose the exit status. The launcher cannot load a
     * bundle's classes (they live inside the framework), so it keeps this copy of
     * {@code ShellStatus.VARIABLE}; ExitStatusTest holds the two equal.
     */
    public static final String VARIABLE = "sysplug.exit";

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private static final String GOGO_SYNTAX_ERROR = "org.apache.felix.gogo.runtime.SyntaxError";

    private ExitStatus() {
    }

    /** The status for a command that threw. */
    public static int of(Throwable failure) {
        if (failure instanceof IllegalArgumentException) {
            return USAGE;
        }
        // Gogo's parser errors (an unbalanced quote or brace) are usage errors too. They come as
        // SyntaxError, or wrapped in an EOFException; matched by name because the launcher
        // cannot see Gogo's classes.
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (GOGO_SYNTAX_ERROR.equals(type.getName())) {
                    return USAGE;
                }
            }
        }
        return FAILURE;
    }

    /**
     * The status for a command that returned, from the value it left in {@value #VARIABLE}
     * (null when it did not set it).
     *
     * @throws IllegalStateException when the value is not a usable status
     */
    public static int of(Object variable) {
        if (variable == null) {
            return OK;
        }
        int status;
        if (variable instanceof Number number) {
            status = number.intValue();
        } else {
            // Tolerated so that a script can write `sysplug.exit = 64`, which Gogo stores as text.
            try {
                status = Integer.parseInt(variable.toString().strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException(VARIABLE + " is '" + variable + "', not a number");
            }
        }
        // The OS keeps only the low 8 bits: 256 would read as success.
        if (status < 0 || status > 255) {
            throw new IllegalStateException(VARIABLE + " is " + status + ", outside 0..255");
        }
        return status;
    }

    /** The message for the user: the exception's own message, or its kind when it has none. */
    public static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    /**
     * Gogo's refusal of arguments that fit none of a command's signatures:
     * {@code Cannot coerce request(Token) to any of [(CommandSession, boolean, long)]}, Java
     * types an operator cannot act on.
     */
    private static final Pattern GOGO_NO_FIT = Pattern.compile("Cannot coerce ([^(\\s]*)\\((.*)\\) to any of \\[.*\\]",
            Pattern.DOTALL);

    /**
     * The message for the user of a failed {@code command} (as typed, {@code sysplug:request}; null
     * when unknown): like {@link #message(Throwable)}, but Gogo's refusal of arguments that fit no
     * signature of the command becomes one line in the operator's words, pointing to its help.
     */
    public static String message(Throwable failure, String command) {
        String message = message(failure);
        Matcher noFit = GOGO_NO_FIT.matcher(message);
        if (!noFit.matches()) {
            return message;
        }
        String name = command != null ? command : noFit.group(1);
        String given = noFit.group(2).isBlank() ? "no argument"
                : noFit.group(2).split(",").length == 1 ? "1 argument" : noFit.group(2).split(",").length + " arguments";
        return name + ": these arguments do not fit it (" + given + " given, a missing one, an unknown option, or text"
                + " where a number goes); 'help " + name + "' shows what it takes";
    }
}
