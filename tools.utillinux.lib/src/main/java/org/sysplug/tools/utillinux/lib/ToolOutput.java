package org.sysplug.tools.utillinux.lib;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;


/**
 * What a util-linux tool prints while it runs: stdout, and stderr with the tool's name in front
 * of every warning ({@code warnx}, and {@code warn}, which adds the error text).
 */
public final class ToolOutput {

    /** chcpu's and chmem's exit status for a partial success. */
    public static final int EXIT_SOMEOK = 64;

    private final String prog;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();

    public ToolOutput(String prog) {
        this.prog = prog;
    }

    /** One line on stdout. */
    public void println(String line) {
        out.append(line).append('\n');
    }

    /** {@code warnx}: {@code prog: message} on stderr. */
    public void warnx(String message) {
        err.append(prog).append(": ").append(message).append('\n');
    }

    /** {@code warn}: {@code prog: message: strerror(errno)} on stderr. */
    public void warn(String message, IOException cause) {
        warnx(message + ": " + strerror(cause));
    }

    /** Appends what the tool printed when it ended early. */
    public void append(ToolExit exit) {
        out.append(exit.stdout());
        err.append(exit.stderr());
    }

    public String stdout() {
        return out.toString();
    }

    public String stderr() {
        return err.toString();
    }

    /**
     * The result of a chcpu or chmem run from its {@code rc}, as both tools map it: 0 when
     * nothing failed, 1 when everything did ({@code rc < 0}), {@value #EXIT_SOMEOK} otherwise.
     */
    public ToolResult finish(int rc) {
        return new ToolResult(stdout(), stderr(), rc == 0 ? 0 : rc < 0 ? 1 : EXIT_SOMEOK);
    }

    /** The result of a run that ended early: what was printed so far, then what the exit prints. */
    public ToolResult ended(ToolExit exit) {
        append(exit);
        return new ToolResult(stdout(), stderr(), exit.status());
    }

    /**
     * The C library's text for the error behind an I/O exception ({@code Device or resource busy}
     * for EBUSY...). On Linux the JDK already carries strerror's text as the reason of a
     * file-system error and as the message of a failed write; the exceptions the JDK names by
     * type get their errno's text here. Any other exception keeps its message: a refusal of
     * sysplug's own (a read-only tree's) says what to do.
     */
    public static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "Input/output error" : m;
    }
}
