package org.sysplug.platform;

import java.util.OptionalLong;

import org.osgi.annotation.versioning.ProviderType;

/** The machine, read-only. Provided by the platform bundle with the ports. */
@ProviderType
public interface MachineView {

    /** The machine now. */
    Topology topology();

    /** A short name of the backend and what it runs on ({@code sim: default.yaml}, {@code linux: /}). */
    String describe();

    /**
     * Free memory now in bytes, as the kernel counts it ({@code MemFree} of {@code /proc/meminfo}):
     * what a hot-add's memmap and a large offline's migrated pages must come from. Empty when the
     * backend cannot tell; never a guess.
     */
    default OptionalLong memoryFree() {
        return OptionalLong.empty();
    }
}
