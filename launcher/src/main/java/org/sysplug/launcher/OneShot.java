package org.sysplug.launcher;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs Gogo command lines in one session, the way a script runs: print each result, stop at the
 * first failure, and turn the outcome into an exit status (see {@link ExitStatus}).
 */
final class OneShot {

    /** Called before each line with the command it starts with, to wait until it exists. */
    @FunctionalInterface
    interface Await {
        void forCommand(String name);
    }

    /**
     * Explains a command line that threw, in the operator's words, and leaves its exit status in
     * the session's {@value ExitStatus#VARIABLE}, as the interactive prompt explains it (the shell
     * bundle's {@code CommandFailures}; see {@link ServiceExplainer}).
     */
    @FunctionalInterface
    interface Explainer {
        String explain(String line, Throwable failure);
    }

    private final Session session;
    private final Await await;
    private final Explainer explainer;
    private final PrintStream out;
    private final PrintStream err;

    OneShot(Session session, Await await, Explainer explainer, PrintStream out, PrintStream err) {
        this.session = session;
        this.await = await;
        this.explainer = explainer;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs one command line and returns its exit status. {@code where} prefixes error messages
     * (e.g. {@code script.gosh:3}); null for none.
     */
    int run(String line, String where) {
        String name = CommandLine.commandName(line);
        if (name != null) {
            await.forCommand(name);
        }
        // Each line starts unset, so that one line's status never leaks into the next.
        session.put(ExitStatus.VARIABLE, null);
        Object result;
        try {
            result = session.execute(line);
        } catch (Exception e) {
            report(where, explainer.explain(line, e));
            return status(where);
        }
        int status = status(where);
        if (result != null) {
            try {
                // A usage error is a message to the operator, not the command's output: stderr.
                PrintStream to = status == ExitStatus.USAGE ? err : out;
                // Gogo's formatting of a list or a map ends in a line break of its own.
                to.println(session.format(result).toString().stripTrailing());
            } catch (Exception e) {
                report(where, explainer.explain(line, e));
                return status(where);
            } finally {
                out.flush();
                err.flush();
            }
        }
        return status;
    }

    /** The status the line left, or 1 when what it left is no status. */
    private int status(String where) {
        try {
            return ExitStatus.of(session.get(ExitStatus.VARIABLE));
        } catch (IllegalStateException e) {
            report(where, e.getMessage());
            return ExitStatus.FAILURE;
        }
    }

    /**
     * Runs a script: one command a line, blank lines and {@code #} comments skipped, stopping at
     * the first line whose status is not 0 and returning that status.
     */
    int runScript(List<String> lines, String source) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1);
            int status = run(line, where);
            if (status != ExitStatus.OK) {
                report(where, "stopped with status " + status);
                return status;
            }
        }
        return ExitStatus.OK;
    }

    private void report(String where, String message) {
        err.println("sysplug: " + (where == null ? "" : where + ": ") + message);
        err.flush();
    }
}
