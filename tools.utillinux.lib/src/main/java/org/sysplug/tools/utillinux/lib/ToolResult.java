package org.sysplug.tools.utillinux.lib;

/**
 * What one run of a util-linux tool printed and its exit status: the one result of lsmem, lscpu,
 * chcpu and chmem, on a tree or on the running machine.
 *
 * @param stdout everything printed on standard output
 * @param stderr everything printed on standard error (each line {@code prog: ...})
 * @param exitCode the tool's exit status (0, 1, or 64 for chcpu's and chmem's partial success)
 */
public record ToolResult(String stdout, String stderr, int exitCode) {

    /**
     * What a shell shows: stdout then stderr, without the last line end (the shell adds one).
     */
    public String text() {
        String text = stdout + stderr;
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
