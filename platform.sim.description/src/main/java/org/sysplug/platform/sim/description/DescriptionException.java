package org.sysplug.platform.sim.description;

/**
 * A machine description that cannot be used, in one line an operator can act on:
 * {@code default.yaml:14: firmware[1].cpus.count: expected a positive integer, got "eight"}.
 */
public final class DescriptionException extends Exception {

    private static final long serialVersionUID = 1L;

    public DescriptionException(String message) {
        super(message);
    }

    public DescriptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
