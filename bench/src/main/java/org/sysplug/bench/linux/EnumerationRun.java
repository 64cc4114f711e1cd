package org.sysplug.bench.linux;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.SyntheticTree;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;

/**
 * {@code EnumerationBenchmark}'s read, on a tree that outlives the run, so that two builds (the
 * session's start and now) read the very same files one after the other: writes the tree if it is
 * not there (8,192 CPUs, 16,384 blocks), then reads it whole N times in one JVM through a
 * {@link Sysroot} held open, printing each read's wall and CPU time (CPU: this thread, the system
 * calls included).
 *
 * <pre>java -cp bench/target/benchmarks.jar org.sysplug.bench.linux.EnumerationRun /dev/shm/TREE [N]</pre>
 */
public final class EnumerationRun {

    private EnumerationRun() {
    }

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]);
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        if (!Files.exists(tree)) {
            SyntheticTree.build(tree, 8192, false, 16_384, false);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Sysroot root = Sysroot.open(tree, Sysroot.Access.READ_ONLY)) {
            for (int i = 0; i < reads; i++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                Topology t = new TopologyReader(root).read(0);
                long wall = System.nanoTime() - wall0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                System.out.printf("read %d: wall %.1f ms, cpu %.1f ms (%d CPUs, %d blocks)%n", i, wall / 1e6, cpu / 1e6,
                        t.cpus().size(), t.memory().size());
            }
        }
    }
}
