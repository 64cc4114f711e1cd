package org.sysplug.framework;

import java.util.Optional;

/**
 * Why a request did not succeed.
 *
 * @param handler the failing handler's name, or empty when the framework itself refused
 * @param bundle the failing handler's bundle, or empty
 * @param phase the failing handler's list, or empty
 * @param rank the failing handler's rank, or -1
 * @param code the code ({@code EBUSY}, {@code CANCELLED}, ...)
 * @param device the device concerned, or empty
 * @param message which rule was broken and what to do
 */
public record Failure(String handler, String bundle, Optional<Phase> phase, int rank, String code, String device,
        String message) {

    /** A failure raised by the framework, not by a handler. */
    public static Failure ofFramework(HotplugException e) {
        return new Failure("", "", Optional.empty(), -1, e.code(), e.device() == null ? "" : e.device(),
                e.getMessage());
    }

    /** One line for an operator: {@code cpu0: the boot CPU cannot be removed (EPERM) [cpu.validate, DELETE_VALIDATE 100]}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!device.isEmpty()) {
            sb.append(device).append(": ");
        }
        sb.append(message).append(" (").append(code).append(')');
        if (!handler.isEmpty()) {
            sb.append(" [").append(handler);
            phase.ifPresent(p -> sb.append(", ").append(p).append(' ').append(rank));
            sb.append(']');
        }
        return sb.toString();
    }
}
