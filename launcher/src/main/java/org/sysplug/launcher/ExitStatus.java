package org.sysplug.launcher;

/**
 * The launcher's exit statuses and how a Gogo command chooses its own.
 *
 * <p>Convention, defined by the shell bundle's {@code org.sysplug.shell.ShellStatus}: a command
 * reports its status by setting the session variable {@value #VARIABLE} to an Integer (0
 * success, 1 failure, 64 partial success, ...). A command that does not set it succeeded: status 0. A command line
 * that throws is explained by the shell bundle, which also sets its status (an unknown command or
 * arguments that fit none of the command's signatures are usage errors, 2): see
 * {@link ServiceExplainer}.
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

    private ExitStatus() {
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
}
