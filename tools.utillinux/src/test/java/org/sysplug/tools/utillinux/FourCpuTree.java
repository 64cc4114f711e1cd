package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small sysfs tree for lscpu's tests: four CPUs, two threads per core, one socket, node0. */
final class FourCpuTree {

    private FourCpuTree() {
    }

    /** Writes the four CPUs' topology below {@code root}, with {@code online} CPUs and node0's {@code cpumap}. */
    static void build(Path root, String online, String node0Cpumap) throws IOException {
        write(root, "sys/devices/system/cpu/possible", "0-3");
        write(root, "sys/devices/system/cpu/present", "0-3");
        write(root, "sys/devices/system/cpu/online", online);
        write(root, "sys/devices/system/cpu/kernel_max", "7");
        for (int cpu = 0; cpu < 4; cpu++) {
            String t = "sys/devices/system/cpu/cpu" + cpu + "/topology/";
            write(root, t + "thread_siblings", cpu < 2 ? "3" : "c");
            write(root, t + "core_siblings", "f");
            write(root, t + "core_id", Integer.toString(cpu / 2));
            write(root, t + "physical_package_id", "0");
        }
        write(root, "sys/devices/system/node/node0/cpumap", node0Cpumap);
    }

    /** One attribute file below {@code root}, with the line break sysfs ends it with. */
    static void write(Path root, String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content + "\n");
    }
}
