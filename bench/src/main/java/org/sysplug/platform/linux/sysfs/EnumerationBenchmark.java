package org.sysplug.platform.linux.sysfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.SyntheticTree;

/**
 * Reading a large machine's tree into the Linux backend's topology, in a warm JVM: a synthetic
 * tree of 8,192 CPUs (cpu0 without {@code online}, the others offline) and 16,384 memory blocks of
 * 128 MiB (offline, {@code valid_zones} "Movable Normal", each linked from {@code node0}), as
 * platform.linux's {@code SyntheticTree} writes it, read whole by {@link TopologyReader} through a
 * {@link Sysroot} held open as the backend holds it. The tree is written once per run below
 * {@code -Denumeration.dir} (default {@code /dev/shm}, a tmpfs) and removed after.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnumerationBenchmark {

    static final int CPUS = 8192;
    static final int BLOCKS = 16_384;

    private Path dir;
    private Sysroot root;

    @Setup(Level.Trial)
    public void writeTree() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("enumeration.dir", "/dev/shm")), "sysplug-enum");
        Path tree = SyntheticTree.build(dir.resolve("tree"), CPUS, false, BLOCKS, false);
        root = Sysroot.open(tree, Sysroot.Access.READ_ONLY);
        Topology t = new TopologyReader(root).read(0);
        if (t.cpus().size() != CPUS || t.memory().size() != BLOCKS) {
            throw new IllegalStateException("read " + t.cpus().size() + " CPUs and " + t.memory().size() + " blocks");
        }
    }

    @Benchmark
    public Topology read() throws IOException {
        return new TopologyReader(root).read(0);
    }

    @TearDown(Level.Trial)
    public void removeTree() throws IOException {
        root.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
