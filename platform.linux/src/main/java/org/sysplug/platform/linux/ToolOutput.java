package org.sysplug.platform.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What a util-linux tool prints while it runs: stdout, and stderr with the tool's name in front
 * of every warning ({@code warnx}, and {@code warn}, which adds the error text).
 */
final class ToolOutput {

    private final String prog;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();

    ToolOutput(String prog) {
        this.prog = prog;
    }

    /** One line on stdout. */
    void println(String line) {
        out.append(line).append('\n');
    }

    /** {@code warnx}: {@code prog: message} on stderr. */
    void warnx(String message) {
        err.append(prog).append(": ").append(message).append('\n');
    }

    /** {@code warn}: {@code prog: message: strerror(errno)} on stderr. */
    void warn(String message, IOException cause) {
        warnx(message + ": " + strerror(cause));
    }

    /** Appends what the tool printed when it ended early. */
    void append(ToolExit exit) {
        out.append(exit.stdout());
        err.append(exit.stderr());
    }

    String stdout() {
        return out.toString();
    }

    String stderr() {
        return err.toString();
    }

    /**
     * The C library's text for the error behind an I/O exception ({@code Device or resource busy}
     * for EBUSY...). On Linux the JDK already carries strerror's text as the reason of a
     * file-system error and as the message of a failed write; the exceptions the JDK names by
     * type get their errno's text here. A refusal of sysplug's own (a read-only tree) keeps its
     * message.
     */
    static String strerror(IOException e) {
        if (e instanceof Sysroot.ReadOnlyException) {
            return e.getMessage();
        }
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
