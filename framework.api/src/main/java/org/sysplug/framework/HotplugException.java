package org.sysplug.framework;

import java.util.Objects;

/**
 * A refusal or failure, as an operator should read it: a code, the device concerned and a
 * message that says which rule was broken and what to do.
 *
 * <p>Codes are short upper-case words. Handlers use kernel-like codes ({@link #EBUSY},
 * {@link #EINVAL}, ...); the framework adds its own ({@link #CANCELLED}, {@link #DEADLINE},
 * {@link #QUEUE_FULL}, {@link #HANDLER_GONE}, {@link #NO_HANDLER}, {@link #HANDLER_ERROR}, {@link #INTERRUPTED},
 * {@link #TIMEOUT}, {@link #STUCK}).
 */
public class HotplugException extends Exception {

    private static final long serialVersionUID = 1L;

    public static final String EBUSY = "EBUSY";
    public static final String EINVAL = "EINVAL";
    public static final String EPERM = "EPERM";
    public static final String ENODEV = "ENODEV";
    public static final String EAGAIN = "EAGAIN";
    public static final String EIO = "EIO";

    /** The request was cancelled by an operator. */
    public static final String CANCELLED = "CANCELLED";
    /** The request ran past its deadline. */
    public static final String DEADLINE = "DEADLINE";
    /** The queue was full when the request was submitted. */
    public static final String QUEUE_FULL = "QUEUE_FULL";
    /** A handler the request used went away before the framework could call it. */
    public static final String HANDLER_GONE = "HANDLER_GONE";
    /** No handler serves the request's operation, or no handler took one of its targets (ENODEV-like). */
    public static final String NO_HANDLER = "NO_HANDLER";
    /** A handler call ran past the queue's handler timeout: it was interrupted and the request rolled back. */
    public static final String TIMEOUT = "TIMEOUT";
    /**
     * Refused: the running request's handler ignored being stopped, so the queue cannot run
     * anything else until that call returns (or its bundle is stopped, or sysplug restarted).
     */
    public static final String STUCK = "STUCK";
    /** The process running the request ended before the request did (see {@link Status#INTERRUPTED}). */
    public static final String INTERRUPTED = "INTERRUPTED";
    /** A handler threw something other than a HotplugException: a bug in the handler. */
    public static final String HANDLER_ERROR = "HANDLER_ERROR";

    private final String code;
    private final String device;

    /**
     * @param code a short code such as {@link #EBUSY}
     * @param device the device concerned as an operator names it, or null when none is
     * @param message which rule was broken and what to do
     */
    public HotplugException(String code, String device, String message) {
        this(code, device, message, null);
    }

    public HotplugException(String code, String device, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.device = device;
    }

    public String code() {
        return code;
    }

    /** The device concerned, or null. */
    public String device() {
        return device;
    }

    /** The message with its device, as a shell prints it: {@code cpu0: ... (EPERM)}. */
    public String describe() {
        return (device == null ? "" : device + ": ") + getMessage() + " (" + code + ")";
    }
}
