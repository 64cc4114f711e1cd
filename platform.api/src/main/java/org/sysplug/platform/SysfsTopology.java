package org.sysplug.platform;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads the machine a sysfs tree describes (a dump unpacked below a directory, util-linux's
 * {@code --sysroot}), without writing anything and without following links. Provided by the Linux
 * backend bundle (platform.linux) whichever backend runs, so that e.g. the simulator can start
 * from a real machine's tree.
 */
@ProviderType
public interface SysfsTopology {

    /**
     * The CPUs, nodes and memory blocks below {@code sysroot} (the directory that holds
     * {@code sys/devices/system}).
     *
     * @throws IOException if the tree cannot be read or describes no machine (no CPUs and no
     *         memory blocks), with a message naming the directory and what is missing
     */
    Topology read(Path sysroot) throws IOException;
}
