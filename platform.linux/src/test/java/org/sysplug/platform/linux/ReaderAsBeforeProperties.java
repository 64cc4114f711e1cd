package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.GarbledTreeProperties.Content;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;
import org.sysplug.platform.linux.sysfs.TopologyReaderAsBefore;

/**
 * The reader made faster reads every tree exactly as the reader before it did: on random tree
 * shapes (sparse CPUs and blocks, missing and extra masks, nodes that list CPUs or link blocks or
 * neither, devices named in their own directories, and any attribute garbled, a directory or a
 * link), the whole topology, every device read again alone, and the devices reported unknown
 * with their reasons, in order, are equal.
 */
class ReaderAsBeforeProperties {

    static final String CPU = GarbledTreeProperties.CPU;
    static final String MEMORY = GarbledTreeProperties.MEMORY;
    static final String NODE = "sys/devices/system/node/";

    /** A tree as files: path → content ({@code dir}, {@code link} and {@code loop} shapes too). */
    record Tree(Map<String, Content> files, int maxCpu, int maxBlock) {
    }

    private static Arbitrary<Content> file(String path) {
        return GarbledTreeProperties.garbage(GarbledTreeProperties.words(path));
    }

    /** Mostly a kernel's word, sometimes anything. */
    private static Arbitrary<Content> mostlyKernel(String path, List<String> words) {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(words).map(GarbledTreeProperties::text)),
                Tuple.of(2, file(path)));
    }

    private static Arbitrary<Content> list(String path, int max) {
        return mostlyKernel(path, List.of("0\n", "0-" + max + "\n", "0," + max + "\n", "1-" + Math.max(1, max) + ":2\n"));
    }

    @Provide
    Arbitrary<Tree> trees() {
        Arbitrary<Integer> maxCpu = Arbitraries.integers().between(0, 9);
        Arbitrary<Integer> maxBlock = Arbitraries.integers().between(0, 24);
        return Combinators.combine(maxCpu, maxBlock).flatAs((cpus, blocks) -> {
            List<Arbitrary<Map<String, Content>>> parts = new ArrayList<>();
            // the CPU masks, each present or not
            for (String mask : List.of("possible", "present", "online")) {
                parts.add(optional(CPU + mask, list(CPU + mask, cpus)));
            }
            parts.add(optional(CPU + "kernel_max", mostlyKernel(CPU + "kernel_max", List.of("8191\n", "3\n", "0\n"))));
            for (int i = 0; i <= cpus; i++) {
                String dir = CPU + "cpu" + i;
                parts.add(Arbitraries.frequencyOf(
                        Tuple.of(8, Combinators.combine(optional(dir + "/online", file(dir + "/online")),
                                optional(dir + "/node" + (i % 3), Arbitraries.just(new Content("dir", null))))
                                .as((a, b) -> merge(Map.of(dir, new Content("dir", null)), a, b))),
                        Tuple.of(1, Arbitraries.just(Map.<String, Content>of())),
                        Tuple.of(1, Arbitraries.of("link", "loop").map(s -> Map.of(dir, new Content(s, null))))));
            }
            // nodes 0-2: a directory or not, a cpulist or cpumap or neither
            parts.add(optional(NODE + "possible", list(NODE + "possible", 2)));
            parts.add(optional(NODE + "online", list(NODE + "online", 2)));
            for (int n = 0; n < 3; n++) {
                String dir = NODE + "node" + n;
                parts.add(optional(dir, Arbitraries.just(new Content("dir", null))));
                parts.add(optional(dir + "/cpulist", list(dir + "/cpulist", cpus)));
                parts.add(optional(dir + "/cpumap", mostlyKernel(dir + "/cpumap", List.of("1\n", "ff\n", "00000000,00000003\n"))));
            }
            // memory: a block size or not, and sparse blocks
            parts.add(optional(MEMORY + "block_size_bytes", file(MEMORY + "block_size_bytes")));
            for (int b = 0; b <= blocks; b++) {
                parts.add(block(b));
            }
            parts.add(optional(MEMORY + "memory00" + blocks, Arbitraries.just(new Content("dir", null))));
            parts.add(optional(MEMORY + "memoryX", Arbitraries.just(new Content("dir", null))));
            return Combinators.combine(parts).as(maps -> new Tree(mergeAll(maps), cpus, blocks));
        });
    }

    /** A block: mostly a directory with its four files (any of them garbled or missing), its node linked or named. */
    private static Arbitrary<Map<String, Content>> block(int id) {
        String dir = MEMORY + "memory" + id;
        List<Arbitrary<Map<String, Content>>> files = new ArrayList<>();
        files.add(Arbitraries.just(Map.of(dir, new Content("dir", null))));
        files.add(optional(dir + "/state", mostlyKernel(dir + "/state", List.of("online\n", "offline\n", "online_movable\n"))));
        files.add(optional(dir + "/phys_index", mostlyKernel(dir + "/phys_index", List.of(String.format("%08x%n", id)))));
        files.add(optional(dir + "/valid_zones", file(dir + "/valid_zones")));
        files.add(optional(dir + "/removable", mostlyKernel(dir + "/removable", List.of("0\n", "1\n"))));
        files.add(optional(dir + "/node" + (id % 3), Arbitraries.just(new Content("dir", null))));
        files.add(optional(NODE + "node" + (id % 2) + "/memory" + id, Arbitraries.just(new Content("link", null))));
        return Arbitraries.frequencyOf(
                Tuple.of(8, Combinators.combine(files).as(ReaderAsBeforeProperties::mergeAll)),
                Tuple.of(1, Arbitraries.just(Map.of())),
                Tuple.of(1, Arbitraries.of("link", "loop").map(s -> Map.of(dir, new Content(s, null)))));
    }

    private static Arbitrary<Map<String, Content>> optional(String path, Arbitrary<Content> content) {
        return Arbitraries.frequencyOf(Tuple.of(4, content.map(c -> Map.of(path, c))),
                Tuple.of(1, Arbitraries.just(Map.of())));
    }

    private static Map<String, Content> merge(Map<String, Content> a, Map<String, Content> b, Map<String, Content> c) {
        return mergeAll(List.of(a, b, c));
    }

    private static Map<String, Content> mergeAll(List<Map<String, Content>> maps) {
        Map<String, Content> out = new TreeMap<>();
        maps.forEach(out::putAll);
        return out;
    }

    @Property(tries = 300)
    void theFasterReaderReadsEveryTreeAsTheReaderBefore(@ForAll("trees") Tree tree) throws IOException {
        Path tmp = Files.createTempDirectory("sysplug-reader");
        try {
            Path root = write(tmp.resolve("root"), tree);
            try (Sysroot kept = Sysroot.open(root, Sysroot.Access.READ_ONLY); Sysroot once = Sysroot.of(root)) {
                for (Sysroot sysroot : List.of(kept, once)) {
                    compare(sysroot, tree);
                }
            }
        } finally {
            GarbledTreeProperties.delete(tmp);
        }
    }

    private static void compare(Sysroot sysroot, Tree tree) throws IOException {
        List<TopologyReader.Unknown> now = new ArrayList<>();
        List<TopologyReader.Unknown> before = new ArrayList<>();
        TopologyReader reader = new TopologyReader(sysroot, now::add);
        TopologyReaderAsBefore reference = new TopologyReaderAsBefore(sysroot, before::add);

        Topology t = reader.read(7);
        assertThat(t).isEqualTo(reference.read(7));
        assertThat(now).isEqualTo(before);

        for (int id = 0; id <= tree.maxCpu() + 1; id++) {
            assertThat(reader.readCpu(id, t)).as("cpu%d alone", id).isEqualTo(reference.readCpu(id, t));
            assertThat(reader.cpu(id, t)).as("cpu%d alone", id).isEqualTo(reference.cpu(id, t));
        }
        for (int id = 0; id <= tree.maxBlock() + 1; id++) {
            for (long size : new long[] {t.blockSize(), 128L << 20}) {
                assertThat(reader.block(id, size, t)).as("memory%d alone", id).isEqualTo(reference.block(id, size, t));
            }
        }
        assertThat(now).as("unknown devices, in the order met").isEqualTo(before);
    }

    private static Path write(Path root, Tree tree) throws IOException {
        Files.createDirectories(root.resolve(CPU));
        Files.createDirectories(root.resolve(NODE));
        Files.createDirectories(root.resolve(MEMORY));
        for (Map.Entry<String, Content> f : tree.files().entrySet()) {
            Path p = root.resolve(f.getKey());
            if (Files.isDirectory(p.getParent(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                GarbledTreeProperties.put(root, f.getKey(), f.getValue());
            }
        }
        return root;
    }
}
