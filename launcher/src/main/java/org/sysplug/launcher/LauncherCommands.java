package org.sysplug.launcher;

/**
 * The few shell built-ins a one-shot run or a script needs. gogo.jline, which brings Gogo's own
 * {@code echo} and friends, is an interactive bundle and is not started then; these fill the gap
 * in scope {@value #SCOPE} and are registered only for one-shot and script runs.
 */
public final class LauncherCommands {

    static final String SCOPE = "launcher";
    static final String[] FUNCTIONS = {"echo"};

    /** Prints the words, separated by spaces. */
    public void echo(String... words) {
        // System.out is Gogo's per-thread stream here: output follows the session's redirections.
        System.out.println(String.join(" ", words));
    }
}
