package org.sysplug.bench.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the file-backed sysroot that {@code bench/linux-online.sh} onlines: a guest after a
 * large hot-add, in the shape of platform.linux's test {@code SyntheticTree} (cpu0 without an
 * {@code online} file, the other CPUs offline, node0 with its cpulist and memoryN links, 128 MiB
 * blocks offline with {@code valid_zones} "Movable Normal"). It also writes
 * {@value #MARKER} into the memory and cpu directories: the script runs chmem and chcpu only
 * where that file is visible, so that they can never reach the real {@code /sys}.
 *
 * <p>A single source file without dependencies, so that the script can run it with
 * {@code java GuestTree.java ROOT CPUS BLOCKS} before anything of the bench module is built.
 */
public final class GuestTree {

    /** The file whose presence proves a directory belongs to a generated tree. */
    public static final String MARKER = "SYSPLUG_BENCH_MARKER";

    private static final long BLOCK = 128L << 20;

    private GuestTree() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java GuestTree.java ROOT CPUS BLOCKS (ROOT must not exist yet)");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        if (Files.exists(root)) {
            // never into an existing directory: the tree is written to a fresh place only
            System.err.println("GuestTree: " + root + " exists; give a new directory");
            System.exit(2);
        }
        build(root, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    }

    /** Writes the tree below {@code root}; the caller has checked that {@code root} is new. */
    static void build(Path root, int cpus, int blocks) throws IOException {
        String all = cpus == 1 ? "0" : "0-" + (cpus - 1);
        Path cpu = Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        write(cpu.resolve("possible"), all);
        write(cpu.resolve("present"), all);
        write(cpu.resolve("online"), "0");
        write(cpu.resolve("kernel_max"), "8191");
        write(cpu.resolve(MARKER), root.toString());
        for (int i = 0; i < cpus; i++) {
            Path c = Files.createDirectories(cpu.resolve("cpu" + i));
            if (i > 0) { // the boot CPU has no online file, as on x86
                write(c.resolve("online"), "0");
            }
        }
        Path node = Files.createDirectories(root.resolve("sys/devices/system/node/node0"));
        write(node.getParent().resolve("possible"), "0");
        write(node.getParent().resolve("online"), "0");
        write(node.resolve("cpulist"), all);
        Path memory = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        write(memory.resolve("block_size_bytes"), Long.toHexString(BLOCK));
        write(memory.resolve(MARKER), root.toString());
        for (int i = 0; i < blocks; i++) {
            Path b = Files.createDirectories(memory.resolve("memory" + i));
            write(b.resolve("phys_index"), String.format("%08x", i));
            write(b.resolve("state"), "offline");
            write(b.resolve("valid_zones"), "Movable Normal");
            write(b.resolve("removable"), "1");
            Files.createSymbolicLink(node.resolve("memory" + i), Path.of("../../memory/memory" + i));
        }
    }

    private static void write(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n");
    }
}
