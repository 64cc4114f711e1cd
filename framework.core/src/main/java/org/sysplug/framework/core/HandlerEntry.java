package org.sysplug.framework.core;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugHandler;

/**
 * A tracked handler: what it is, the service object to call, and whether it has gone away.
 * Identity is the service id; everything but {@code departed} is fixed at arrival.
 */
final class HandlerEntry {

    private final HandlerInfo info;
    private final HotplugHandler handler;
    private volatile boolean departed;

    HandlerEntry(HandlerInfo info, HotplugHandler handler) {
        this.info = info;
        this.handler = handler;
    }

    HandlerInfo info() {
        return info;
    }

    HotplugHandler handler() {
        return handler;
    }

    /** The service is unregistering and the framework may no longer call it. */
    void markDeparted() {
        departed = true;
    }

    boolean departed() {
        return departed;
    }

    @Override
    public String toString() {
        return info.name() + " (" + info.phase() + " " + info.rank() + ", " + info.bundle() + ")";
    }
}
