package org.sysplug.tools.utillinux.lib;

/**
 * A util-linux tool ending early, as its {@code errx}, {@code errtryhelp}, {@code usage} and
 * {@code print_version} do: what it prints at that point and its exit status. Not an error of
 * sysplug: a value the tool returns as its result. Every tool ends early this way, so that one
 * catch turns any early end into a {@link ToolResult}.
 */
public final class ToolExit extends Exception {

    private static final long serialVersionUID = 1L;

    private final String stdout;
    private final String stderr;
    private final int status;

    private ToolExit(String stdout, String stderr, int status) {
        super(stderr, null, false, false);
        this.stdout = stdout;
        this.stderr = stderr;
        this.status = status;
    }

    /** {@code errx(EXIT_FAILURE, msg)}: {@code prog: msg}, exit 1. */
    public static ToolExit errx(String prog, String message) {
        return new ToolExit("", prog + ": " + message + "\n", 1);
    }

    /** {@code warnx(msg); errtryhelp(EXIT_FAILURE)}, or only the hint when {@code message} is null. */
    public static ToolExit tryHelp(String prog, String message) {
        String hint = "Try '" + prog + " --help' for more information.\n";
        return new ToolExit("", message == null ? hint : prog + ": " + message + "\n" + hint, 1);
    }

    /** {@code --help} or {@code --version}: the text on stdout, exit 0. */
    public static ToolExit success(String stdout) {
        return new ToolExit(stdout, "", 0);
    }

    /** A silent exit with {@code status}, as chcpu without a command. */
    public static ToolExit silent(int status) {
        return new ToolExit("", "", status);
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }

    public int status() {
        return status;
    }

    /** The run as it ended here, with nothing printed before. */
    public ToolResult result() {
        return new ToolResult(stdout, stderr, status);
    }
}
