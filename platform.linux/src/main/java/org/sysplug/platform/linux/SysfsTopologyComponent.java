package org.sysplug.platform.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;
import org.sysplug.platform.SysfsTopology;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;

/** {@link SysfsTopology} over {@link TopologyReader}: read-only, any tree, whichever backend runs. */
@Component(service = SysfsTopology.class)
public final class SysfsTopologyComponent implements SysfsTopology {

    @Override
    public Topology read(Path sysroot) throws IOException {
        if (!Files.isDirectory(sysroot)) {
            throw new IOException(sysroot + " is not a directory: give the directory a dump unpacks to "
                    + "(the one that contains sys/)");
        }
        // open for the one read: the directories it walks through stay open while it reads
        try (Sysroot root = Sysroot.open(sysroot, Sysroot.Access.READ_ONLY)) {
            if (!root.isDirectory("sys/devices/system")) {
                throw new IOException(sysroot + " holds no sys/devices/system: give the directory a dump unpacks to "
                        + "(the one that contains sys/)");
            }
            Topology t = new TopologyReader(root).read(0);
            if (t.cpus().isEmpty() && t.memory().isEmpty()) {
                throw new IOException(sysroot + " describes no CPUs (sys/devices/system/cpu/cpuN) and no memory blocks "
                        + "(sys/devices/system/memory/memoryN)");
            }
            return t;
        }
    }
}
