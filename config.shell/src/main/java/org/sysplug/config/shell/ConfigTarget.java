package org.sysplug.config.shell;

import java.util.Optional;
import java.util.regex.Pattern;

import org.sysplug.shell.ShellText;

/**
 * What an operator names in a settings command: a plain PID ({@code org.sysplug.policy}), or one
 * named configuration of a factory PID ({@code org.sysplug.policy.node~node1}), written as Felix
 * FileInstall names the configuration of {@code deploy/org.sysplug.policy.node-node1.cfg} and as
 * ConfigAdmin 1.6 makes the PID of {@code getFactoryConfiguration(factoryPid, name, location)}.
 *
 * @param pid the PID as typed
 * @param factoryPid the factory PID before the {@value #SEPARATOR}, or null for a plain PID
 * @param name the configuration's name after it, or null
 */
record ConfigTarget(String pid, String factoryPid, String name) {

    /** Between a factory PID and a configuration's name, as ConfigAdmin 1.6 joins them. */
    static final char SEPARATOR = '~';

    /**
     * A PID: dot-separated words of letters, digits, '_' and '-', as the OSGi specification's
     * symbolic names; also what a {@code .cfg} file's name can carry.
     */
    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    /** A configuration's name: what a file name in deploy/ gives, less what a shell or a file system mangles. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A target an operator cannot mean; the message is one line for them. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Whether this names a configuration of a factory PID. */
    boolean factoryConfiguration() {
        return factoryPid != null;
    }

    /**
     * Reads what the operator typed. Only the shape is checked here: whether the PID or factory
     * exists is the store's to say.
     */
    static ConfigTarget parse(String text) throws Refused {
        int at = text.indexOf(SEPARATOR);
        if (at < 0) {
            return new ConfigTarget(text, null, null);
        }
        String factory = text.substring(0, at);
        String name = text.substring(at + 1);
        if (!PID.matcher(factory).matches()) {
            throw new Refused(ShellText.oneLine(text) + ": '" + ShellText.oneLine(factory)
                    + "' is not a factory PID; a factory's configuration is named FACTORY~NAME, as "
                    + "org.sysplug.policy.node~node1 ('config:list' shows the factories)");
        }
        if (!NAME.matcher(name).matches()) {
            throw new Refused(ShellText.oneLine(text) + ": '" + ShellText.oneLine(name) + "' is not a configuration name: "
                    + "give 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, as " + factory
                    + SEPARATOR + "node1");
        }
        return new ConfigTarget(text, factory, name);
    }

    /** The factory PID of a configuration's PID as ConfigAdmin 1.6 names it, if it has that shape. */
    static Optional<String> factoryOf(String pid) {
        int at = pid.indexOf(SEPARATOR);
        return at > 0 ? Optional.of(pid.substring(0, at)) : Optional.empty();
    }
}
