package org.sysplug.platform.linux.sysfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads the memory blocks of {@code sys/devices/system/memory} below a {@link Sysroot}.
 *
 * <p>What real trees contain: {@code block_size_bytes} is hex without {@code 0x}; block
 * directories are {@code memoryN} with decimal N, sparse and not necessarily from 0, listed in
 * numeric order; {@code phys_index} is hex; {@code valid_zones} holds one or more zone names
 * separated by blanks; a block's node is the name of a {@code nodeM} entry in its directory (in the
 * dumps these are links that dangle: the name is used, the link is never followed, as lsmem does).
 * {@code node/nodeM/memoryN} entries are offered separately ({@link #nodeFromNodeDirs}).
 */
public final class MemoryReader {

    public static final String MEMORY = "sys/devices/system/memory";
    public static final String NODE = "sys/devices/system/node";

    /** One memory block as sysfs shows it. */
    public record Block(String name, long id, OptionalLong physIndex, Optional<String> state,
                        OptionalInt removable, Optional<List<String>> validZones, int node) {
    }

    private final Sysroot root;

    public MemoryReader(Sysroot root) {
        this.root = root;
    }

    /** Whether the tree has memory blocks at all ({@code block_size_bytes} exists). */
    public boolean supported() {
        return root.isFile(MEMORY + "/block_size_bytes");
    }

    /** The block size in bytes (hex in sysfs), empty if unreadable. */
    public OptionalLong blockSize() throws IOException {
        Optional<String> s = root.readLine(MEMORY + "/block_size_bytes");
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        return parseHexPrefix(s.get().trim());
    }

    /** The names {@code memoryN} (N all digits) in numeric order; directories only. */
    public List<String> blockNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (Sysroot.Entry e : root.list(MEMORY)) {
            if (e.kind() == Sysroot.Kind.DIR && isIndexed(e.name(), "memory")) {
                names.add(e.name());
            }
        }
        names.sort(Comparator.comparing((String n) -> n.length()).thenComparing(n -> n));
        return names;
    }

    /**
     * Whether the kernel shows zones ({@code valid_zones}, since 3.18), decided as util-linux's lsmem
     * decides it: yes as soon as one of the blocks, in block order, has {@code valid_zones}. Not
     * {@code memory0} alone: where memory starts above address 0 (many arm64 machines) there is no
     * {@code memory0}, and looking only there left ZONES empty although the kernel shows zones.
     */
    public boolean hasZones(List<String> blockNames) {
        for (String name : blockNames) {
            if (root.kind(MEMORY + "/" + name + "/valid_zones").isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The node of a block from the {@code nodeM} entries in its directory (by name, links not
     * followed): the lowest M, or -1 if there is none.
     */
    public int nodeOf(String blockName) throws IOException {
        Sysroot.requireName(blockName);
        int node = -1;
        for (Sysroot.Entry e : root.list(MEMORY + "/" + blockName)) {
            if (isIndexed(e.name(), "node")) {
                int m = parseIntSaturated(e.name().substring(4));
                if (node < 0 || m < node) {
                    node = m;
                }
            }
        }
        return node;
    }

    /** The node whose directory {@code node/nodeM} holds an entry named {@code blockName}, or -1. */
    public int nodeFromNodeDirs(String blockName) throws IOException {
        Sysroot.requireName(blockName);
        for (Sysroot.Entry n : root.list(NODE)) {
            if (n.kind() == Sysroot.Kind.DIR && isIndexed(n.name(), "node")
                    && root.kind(NODE + "/" + n.name() + "/" + blockName).isPresent()) {
                return parseIntSaturated(n.name().substring(4));
            }
        }
        return -1;
    }

    /** Reads one block; {@code withNode}/{@code withZones} as lsmem decides them for the tree. */
    public Block read(String blockName, boolean withNode, boolean withZones) throws IOException {
        Sysroot.requireName(blockName);
        String dir = MEMORY + "/" + blockName;
        long id = parseLongSaturated(blockName.substring(6));
        OptionalLong phys = root.readLine(dir + "/phys_index").map(s -> parseHexPrefix(s.trim()))
                .orElse(OptionalLong.empty());
        Optional<String> state = root.readLine(dir + "/state");
        OptionalInt removable = OptionalInt.empty();
        Optional<String> r = root.readLine(dir + "/removable");
        if (r.isPresent()) {
            try {
                removable = OptionalInt.of(Integer.parseInt(r.get().trim()));
            } catch (NumberFormatException ignored) {
                // unreadable: as absent
            }
        }
        Optional<List<String>> zones = Optional.empty();
        if (withZones) {
            Optional<String> z = root.readLine(dir + "/valid_zones");
            if (z.isPresent() && !z.get().isEmpty()) {
                List<String> list = new ArrayList<>();
                for (String t : z.get().split(" ")) {
                    if (!t.isEmpty()) {
                        list.add(t);
                    }
                }
                zones = Optional.of(List.copyOf(list));
            }
        }
        int node = withNode ? nodeOf(blockName) : -1;
        return new Block(blockName, id, phys, state, removable, zones, node);
    }

    /** Whether {@code name} is {@code prefix} followed by decimal digits only ({@code memory12}, {@code cpu3}). */
    public static boolean isIndexed(String name, String prefix) {
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            return false;
        }
        for (int i = prefix.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** strtoumax(s, NULL, 16) on the leading hex digits (an optional 0x), empty if none. */
    public static OptionalLong parseHexPrefix(String s) {
        String t = s;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        int end = 0;
        while (end < t.length() && Character.digit(t.charAt(end), 16) >= 0) {
            end++;
        }
        if (end == 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(t.substring(0, end), 16));
        } catch (NumberFormatException tooBig) {
            return OptionalLong.of(-1L);
        }
    }

    private static long parseLongSaturated(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static int parseIntSaturated(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
