package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.MemoryReader;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;

/**
 * Whatever the attributes the backend decides by hold ({@code cpuN/online}, {@code cpu/online},
 * {@code block_size_bytes}, {@code memoryN/state}, {@code valid_zones}, {@code phys_index}):
 * binary, empty, huge numbers, 100 KB of text, a directory or a link in place of the file,
 * reading the tree never throws, never hangs, and every device is either in the topology or
 * reported unknown with a reason that names its file; a request on any device either works or
 * fails with a message an operator can read. A device whose files hold the kernel's words is
 * read as the kernel meant them.
 */
class GarbledTreeProperties {

    static final String CPU = "sys/devices/system/cpu/";
    static final String MEMORY = "sys/devices/system/memory/";
    static final int CPUS = 4;
    static final int BLOCKS = 6;

    /** What to put in place of one file: text (possibly binary), or a shape ({@code dir}, {@code link}). */
    record Content(String shape, byte[] bytes) {
        @Override
        public String toString() {
            return shape != null ? shape : "'" + new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.ISO_8859_1)
                    .replaceAll("\\p{Cntrl}", "?") + "'" + (bytes.length > 40 ? "... (" + bytes.length + " bytes)" : "");
        }
    }

    static Content text(String s) {
        return new Content(null, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Garbage of every kind the issue names, and now and then a value a kernel writes. */
    static Arbitrary<Content> garbage(List<String> kernelWords) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(kernelWords).map(GarbledTreeProperties::text)),
                Tuple.of(1, Arbitraries.just(text(""))),
                Tuple.of(1, Arbitraries.of(" ", "\n", "\t\n", "\0", "\r\n").map(GarbledTreeProperties::text)),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> new Content(null, b))),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(60).map(GarbledTreeProperties::text)),
                Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(15).ofMaxLength(400)
                        .map(s -> text(s + "\n"))),
                Tuple.of(1, Arbitraries.strings().withChars("0123456789abcdefABCDEFx-").ofMinLength(1)
                        .ofMaxLength(40).map(s -> text(s + "\n"))),
                Tuple.of(1, Arbitraries.of(kernelWords).map(w -> text(w.strip().repeat(100_000 / Math.max(1, w.length()))))),
                Tuple.of(1, Arbitraries.of("dir", "link", "loop").map(s -> new Content(s, null))));
    }

    @Provide
    Arbitrary<Map<String, Content>> mutations() {
        Arbitrary<String> files = Arbitraries.oneOf(
                Arbitraries.integers().between(1, CPUS - 1).map(i -> CPU + "cpu" + i + "/online"),
                Arbitraries.just(CPU + "online"),
                Arbitraries.just(MEMORY + "block_size_bytes"),
                Arbitraries.integers().between(0, BLOCKS - 1).flatMap(i -> Arbitraries.of("state", "valid_zones", "phys_index")
                        .map(f -> MEMORY + "memory" + i + "/" + f)));
        Arbitrary<Map.Entry<String, Content>> entry = files.flatMap(f -> garbage(words(f)).map(c -> Map.entry(f, c)));
        return entry.list().ofMinSize(1).ofMaxSize(6).map(l -> {
            Map<String, Content> m = new java.util.TreeMap<>();
            l.forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }

    /** What a kernel writes into {@code file}. */
    static List<String> words(String file) {
        if (file.endsWith("/state")) {
            return List.of("online\n", "offline\n", "going-offline\n", "online_movable\n");
        }
        if (file.endsWith("valid_zones")) {
            return List.of("Movable Normal\n", "Normal\n", "none\n", "DMA32 Normal Movable\n");
        }
        if (file.endsWith("phys_index")) {
            return List.of("00000000\n", "00000042\n", "0000ffff\n");
        }
        if (file.endsWith("block_size_bytes")) {
            return List.of("8000000\n", "10000000\n", "80000000\n");
        }
        if (file.equals(CPU + "online")) {
            return List.of("0\n", "0-3\n", "0,2\n", "0-1:2\n");
        }
        return List.of("0\n", "1\n");
    }

    @Property(tries = 200)
    void anyContentOfTheDecidingFilesGivesATopologyOrAReasonNeverAnExceptionNorAHang(
            @ForAll("mutations") Map<String, Content> mutations) throws Exception {
        Path tmp = Files.createTempDirectory("sysplug-garbled");
        try {
            Path root = SyntheticTree.build(tmp.resolve("root"), CPUS, false, BLOCKS, false);
            for (Map.Entry<String, Content> m : mutations.entrySet()) {
                put(root, m.getKey(), m.getValue());
            }
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> check(root, mutations));
        } finally {
            delete(tmp);
        }
    }

    private static void check(Path root, Map<String, Content> mutations) throws IOException {
        try (Sysroot tree = Sysroot.open(root, Sysroot.Access.WRITABLE)) {
            LinuxMachine m = new LinuxMachine(tree);
            Topology t = m.topology();
            Map<String, String> unknown = m.unknownDevices();
            for (String why : unknown.values()) {
                assertThat(why).startsWith("sys/devices/system/").doesNotContain("Exception").doesNotContain("java.");
            }
            // every device is either read or said unknown, with its reason
            for (int i = 0; i < CPUS; i++) {
                int id = i;
                assertThat(t.cpu(id).isPresent() ^ unknown.containsKey("cpu" + id)).as("cpu%d in %s / %s", id, t.cpus(), unknown).isTrue();
            }
            boolean allMemoryUnknown = unknown.containsKey(TopologyReader.ALL_MEMORY);
            for (int i = 0; i < BLOCKS; i++) {
                boolean read = t.block(i).isPresent();
                assertThat(allMemoryUnknown ? !read : read ^ unknown.containsKey("memory" + i))
                        .as("memory%d in %s / %s", i, t.memory(), unknown).isTrue();
            }
            // a device whose deciding files hold the kernel's words is read as the kernel meant them
            for (MemoryBlock b : t.memory()) {
                Content state = mutations.get(MEMORY + "memory" + b.id() + "/state");
                if (state != null && state.shape() == null) {
                    String word = new String(state.bytes(), StandardCharsets.UTF_8);
                    if (word.equals("offline\n")) {
                        assertThat(b.state()).isEqualTo(BlockState.OFFLINE);
                    } else if (word.equals("online\n") || word.equals("online_movable\n")) {
                        assertThat(b.state()).isEqualTo(BlockState.ONLINE);
                    }
                }
            }
            for (CpuInfo c : t.cpus()) {
                Content online = mutations.get(CPU + "cpu" + c.id() + "/online");
                if (online != null && online.shape() == null && new String(online.bytes(), StandardCharsets.UTF_8).equals("1\n")) {
                    assertThat(c.online()).isTrue();
                }
            }
            // the util-linux views' readers over the same tree throw nothing either
            MemoryReader mr = new MemoryReader(tree.readOnly());
            for (String name : mr.blockNames()) {
                mr.read(name, true, true);
            }
            mr.blockSize();
            CpuReader cr = new CpuReader(tree.readOnly());
            for (int i = 0; i < CPUS; i++) {
                cr.cpuOnline(i);
            }
            cr.online();
            cr.nodes(cr.maxCpus());
            // and a request on any device works or says why in an operator's words
            for (int i = 0; i < BLOCKS; i++) {
                try {
                    m.blockOnline(i, OnlineType.ONLINE);
                } catch (PortException e) {
                    assertThat(e.getMessage()).contains("memory" + i).doesNotContain("Exception").doesNotContain("java.");
                }
            }
            for (int i = 1; i < CPUS; i++) {
                try {
                    m.cpuOnline(i);
                } catch (PortException e) {
                    assertThat(e.getMessage()).contains("cpu" + i).doesNotContain("Exception").doesNotContain("java.");
                }
            }
        }
    }

    static void put(Path root, String file, Content c) throws IOException {
        Path p = root.resolve(file);
        Files.deleteIfExists(p);
        if (c.shape() == null) {
            Files.write(p, c.bytes());
            return;
        }
        switch (c.shape()) {
            case "dir" -> Files.createDirectory(p);
            case "link" -> Files.createSymbolicLink(p, Path.of("../../../../../../etc/passwd"));
            default -> Files.createSymbolicLink(p, p.getFileName());
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
