package org.sysplug.shell;

import org.apache.felix.service.command.CommandSession;

/**
 * A command's exit status: the command leaves it in the session variable {@value #VARIABLE} as an
 * Integer, and the one-shot launcher ({@code java -jar sysplug.jar COMMAND}) exits with it. A
 * command that leaves none succeeded.
 */
public final class ShellStatus {

    /** The session variable holding the last command's exit status. */
    public static final String VARIABLE = "sysplug.exit";

    /** Done as asked. */
    public static final int OK = 0;
    /** Refused or failed; the output says why. */
    public static final int FAILED = 1;
    /** The command line was wrong: an unknown option, a bad value. */
    public static final int USAGE = 2;
    /** Partly done, as util-linux's chcpu and chmem say it. */
    public static final int PARTIAL = 64;

    private ShellStatus() {
    }

    /** Leaves {@code status} in the session (when there is one) and returns {@code result}, what the command prints. */
    public static <T> T done(CommandSession session, int status, T result) {
        if (session != null) {
            session.put(VARIABLE, status);
        }
        return result;
    }
}
