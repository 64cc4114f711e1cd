package org.sysplug.framework;

import java.util.Objects;

/**
 * How far the running request has come: the handler call it is in and, when that handler counts
 * them ({@link RequestContext#progress(int, int)}), how many of its devices it has done. A shell
 * shows it as {@code OFFLINE 1,200/20,000 devices, DELETE_EXECUTE memory.remove}.
 *
 * @param phase the phase of the call in progress
 * @param handler the name of the handler called
 * @param done devices that handler has done so far in this call
 * @param total devices it has to do in this call; 0 when it does not count them
 */
public record Progress(Phase phase, String handler, int done, int total) {

    public Progress {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(handler, "handler");
        if (done < 0 || total < 0) {
            throw new IllegalArgumentException("progress counts are not negative: " + done + "/" + total);
        }
    }

    /** True when the handler reported counts. */
    public boolean counted() {
        return total > 0;
    }
}
