package org.sysplug.platform;

import org.osgi.annotation.versioning.ProviderType;

/** The machine, read-only. Provided by the platform bundle with the ports. */
@ProviderType
public interface MachineView {

    /** The machine now. */
    Topology topology();

    /** A short name of the backend and what it runs on ({@code sim: default.yaml}, {@code linux: /}). */
    String describe();
}
