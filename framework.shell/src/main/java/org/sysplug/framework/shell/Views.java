package org.sysplug.framework.shell;

import java.util.List;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.RefusedHandler;

/**
 * What the commands return: data, which {@link ShellConverter} renders as text for people, or
 * {@link Json} when a command is asked for {@code --json}.
 */
final class Views {

    private Views() {
    }

    /** The tracked handlers, the refused ones with their reasons, and what the order check found. */
    record HandlerTable(List<HandlerInfo> handlers, List<RefusedHandler> refused, List<String> warnings) {
    }

    /** Recent requests, newest first. */
    record RequestTable(List<Outcome> requests) {
    }

    /** One request with its trace. */
    record RequestDetail(Outcome outcome) {
    }

    /** The queue now. */
    record QueueView(QueueStatus status) {
    }

    /** The machine, and its firmware namespace when the backend has one. */
    record TopologyView(String backend, org.sysplug.platform.Topology topology,
            List<org.sysplug.platform.acpi.AcpiDevice> firmware) {
    }

    /** A one-line answer (for example to cancel). */
    record Message(String text) {
    }
}
