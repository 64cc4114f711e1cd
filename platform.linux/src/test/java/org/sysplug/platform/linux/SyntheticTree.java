package org.sysplug.platform.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A file-backed sysroot generated for tests and benchmarks, shaped like a Linux guest after a
 * hot-add: {@code cpus} CPUs (cpu0 without an online file, the others offline unless
 * {@code cpusOnline}), one node, and {@code blocks} memory blocks of 128 MiB, offline, with
 * {@code valid_zones} "Movable Normal" (or online in Normal), as the kernel shows them.
 *
 * <p>Also the benchmark's tree ({@code bench/linux-online.sh}): a single source file without
 * dependencies, so that {@code java .../SyntheticTree.java ROOT CPUS BLOCKS} writes the tree (all
 * offline) before anything is built.
 */
public final class SyntheticTree {

    public static final long BLOCK = 128L << 20;

    private SyntheticTree() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java SyntheticTree.java ROOT CPUS BLOCKS (ROOT must not exist yet)");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        if (Files.exists(root)) {
            // never into an existing directory: the tree is written to a fresh place only
            System.err.println("SyntheticTree: " + root + " exists; give a new directory");
            System.exit(2);
        }
        build(root, Integer.parseInt(args[1]), false, Integer.parseInt(args[2]), false);
    }

    public static Path build(Path root, int cpus, boolean cpusOnline, int blocks, boolean blocksOnline) throws IOException {
        Path cpu = Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        String all = cpus == 1 ? "0" : "0-" + (cpus - 1);
        Files.writeString(cpu.resolve("possible"), all + "\n");
        Files.writeString(cpu.resolve("present"), all + "\n");
        Files.writeString(cpu.resolve("online"), (cpusOnline ? all : "0") + "\n");
        Files.writeString(cpu.resolve("kernel_max"), "8191\n");
        for (int i = 0; i < cpus; i++) {
            Path c = Files.createDirectories(cpu.resolve("cpu" + i));
            if (i > 0) {
                Files.writeString(c.resolve("online"), cpusOnline ? "1\n" : "0\n");
            }
        }
        Path node = Files.createDirectories(root.resolve("sys/devices/system/node/node0"));
        Files.writeString(node.getParent().resolve("possible"), "0\n");
        Files.writeString(node.getParent().resolve("online"), "0\n");
        Files.writeString(node.resolve("cpulist"), all + "\n");
        Path mem = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.writeString(mem.resolve("block_size_bytes"), Long.toHexString(BLOCK) + "\n");
        for (int i = 0; i < blocks; i++) {
            Path b = Files.createDirectories(mem.resolve("memory" + i));
            Files.writeString(b.resolve("phys_index"), String.format("%08x%n", i));
            Files.writeString(b.resolve("state"), blocksOnline ? "online\n" : "offline\n");
            Files.writeString(b.resolve("valid_zones"), blocksOnline ? "Normal\n" : "Movable Normal\n");
            Files.writeString(b.resolve("removable"), "1\n");
            Files.createSymbolicLink(node.resolve("memory" + i), Path.of("../../memory/memory" + i));
        }
        return root;
    }

    /** A digest of every regular file's path and content below {@code dir} (links by their target text). */
    public static String checksum(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> paths = s.sorted().collect(Collectors.toList());
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : paths) {
                md.update(dir.relativize(p).toString().getBytes());
                if (Files.isSymbolicLink(p)) {
                    md.update(Files.readSymbolicLink(p).toString().getBytes());
                } else if (Files.isRegularFile(p)) {
                    md.update(Files.readAllBytes(p));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
