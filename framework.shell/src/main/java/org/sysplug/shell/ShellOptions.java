package org.sysplug.shell;

/**
 * The options several sysplug commands take, named and explained once. Annotation values must be
 * constants, so a command spells such an option as
 * {@code @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON },
 * presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json}.
 */
public final class ShellOptions {

    /** A flag's value when given. */
    public static final String SET = "true";
    /** A flag's value when not given. */
    public static final String UNSET = "false";

    public static final String JSON = "--json";
    public static final String JSON_SHORT = "-j";
    public static final String JSON_HELP = "print one JSON document";

    public static final String ASYNC = "--async";
    public static final String ASYNC_SHORT = "-a";
    public static final String ASYNC_HELP = "return the request id at once instead of waiting";

    public static final String DRY_RUN = "--dry-run";
    public static final String DRY_RUN_SHORT = "-n";
    public static final String DRY_RUN_HELP = "run the validate phase only and report what would fail";

    private ShellOptions() {
    }
}
