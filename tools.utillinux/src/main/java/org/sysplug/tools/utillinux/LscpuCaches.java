package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * The CPU caches of a tree as lscpu numbers them for its CACHE column ({@code L1d}, {@code L1i},
 * {@code L2}, ... in {@code --parse}).
 *
 * <p>lscpu's rules: a cache is its type, level and id. The CPUs are read in CPU order, each one's
 * {@code cache/index0}, {@code index1}, ... until the first missing index; an index without a
 * readable {@code level} or with an empty {@code type} is skipped. The id is the kernel's
 * {@code indexM/id} when that file is readable; otherwise it is the position, among the caches of
 * the same type and level found so far, of the first one whose {@code shared_cpu_map} holds the
 * CPU, or the next position if none does (so ids count the distinct shared maps in CPU order).
 * A cache's shared map is the first one read for it. Its name is {@code L<level>} followed by
 * {@code d} for Data and {@code i} for Instruction (nothing for Unified).
 *
 * <p>sparc64 has no {@code cache} directory but {@code cpuN/l1_icache_size}, {@code l1_dcache_size}
 * and {@code l2_cache_size}: each readable size is one cache (L1i, L1d, L2) private to its CPU.
 *
 * <p>A CPU without cache files (a Topology, a kernel without cache info) has no cache: lscpu then
 * leaves the CACHE column out of {@code --parse} and empty in {@code --parse=LIST}.
 */
final class LscpuCaches {

    /** One cache; the shared map is null until a CPU of it gives a readable one. */
    static final class Cache {
        final String type;
        final int level;
        final int id;
        final String name;
        BitSet sharedMap;

        Cache(String type, int level, int id) {
            this.type = type;
            this.level = level;
            this.id = id;
            String suffix = type.equals("Data") ? "d" : type.equals("Instruction") ? "i" : "";
            this.name = "L" + level + suffix;
        }

        boolean holds(int cpu) {
            return sharedMap != null && sharedMap.get(cpu);
        }
    }

    private static final LscpuCaches NONE = new LscpuCaches(List.of());

    /** The caches sorted by name (stable: the same name keeps the reading order). */
    private final List<Cache> caches;

    private LscpuCaches(List<Cache> caches) {
        this.caches = caches;
    }

    /** No cache at all: what lscpu sees on a kernel that shows no cache files. */
    static LscpuCaches none() {
        return NONE;
    }

    /** Reads the caches of {@code cpus} (in that order) from the tree, with lscpu's rules. */
    static LscpuCaches read(Sysroot root, List<Integer> cpus, int maxCpus) throws IOException {
        List<Cache> found = new ArrayList<>();
        for (int cpu : cpus) {
            String dir = CpuReader.CPU + "/cpu" + cpu;
            int nindex = 0;
            while (exists(root, dir + "/cache/index" + nindex)) {
                nindex++;
            }
            if (nindex == 0 && exists(root, dir + "/l1_icache_size")) {
                readSparc(root, dir, cpu, found);
                continue;
            }
            for (int i = 0; i < nindex; i++) {
                String index = dir + "/cache/index" + i;
                OptionalInt level = readInt(root, index + "/level");
                Optional<String> type = root.readLine(index + "/type").filter(t -> !t.isEmpty());
                if (level.isEmpty() || type.isEmpty()) {
                    continue;
                }
                OptionalInt kernelId = readInt(root, index + "/id");
                int id = kernelId.isPresent() ? kernelId.getAsInt() : positionOf(found, cpu, type.get(), level.getAsInt());
                Cache c = lookupOrAdd(found, type.get(), level.getAsInt(), id);
                if (c.sharedMap == null) {
                    Optional<String> map = root.readLine(index + "/shared_cpu_map");
                    if (map.isPresent()) {
                        c.sharedMap = CpuReader.parseMask(map.get(), CpuReader.setBits(maxCpus)).orElse(null);
                    }
                }
            }
        }
        List<Cache> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(c -> c.name));
        return new LscpuCaches(List.copyOf(sorted));
    }

    /** A sparc64 size file and the cache it describes. */
    private record SparcFile(String file, String type, int level) {
    }

    /** In the order lscpu reads them. */
    private static final List<SparcFile> SPARC_FILES = List.of(new SparcFile("l1_icache_size", "Instruction", 1),
            new SparcFile("l1_dcache_size", "Data", 1), new SparcFile("l2_cache_size", "Unified", 2));

    /** sparc64's per-CPU size files; a cache whose size is unreadable is absent. */
    private static void readSparc(Sysroot root, String dir, int cpu, List<Cache> found) throws IOException {
        for (SparcFile f : SPARC_FILES) {
            if (!readsAsU32(root, dir + "/" + f.file())) {
                continue;
            }
            Cache c = lookupOrAdd(found, f.type(), f.level(), positionOf(found, cpu, f.type(), f.level()));
            if (c.sharedMap == null) {
                c.sharedMap = new BitSet(); // sysfs says nothing about sharing: the CPU's own cache
                c.sharedMap.set(cpu);
            }
        }
    }

    private static int positionOf(List<Cache> found, int cpu, String type, int level) {
        int position = 0;
        for (Cache c : found) {
            if (c.level != level || !c.type.equals(type)) {
                continue;
            }
            if (c.holds(cpu)) {
                return position;
            }
            position++;
        }
        return position;
    }

    private static Cache lookupOrAdd(List<Cache> found, String type, int level, int id) {
        for (Cache c : found) {
            if (c.id == id && c.level == level && c.type.equals(type)) {
                return c;
            }
        }
        Cache c = new Cache(type, level, id);
        found.add(c);
        return c;
    }

    /** As access(F_OK) without following links: a link, dangling or not, is absent. */
    private static boolean exists(Sysroot root, String path) {
        return root.kind(path).filter(k -> k != Sysroot.Kind.LINK).isPresent();
    }

    private static OptionalInt readInt(Sysroot root, String path) throws IOException {
        Optional<String> s = root.readLine(path);
        if (s.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(s.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static boolean readsAsU32(Sysroot root, String path) throws IOException {
        Optional<String> s = root.readLine(path);
        try {
            long v = s.isPresent() ? Long.parseLong(s.get().trim()) : -1;
            return v >= 0 && v <= 0xffffffffL;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    boolean isEmpty() {
        return caches.isEmpty();
    }

    /** The distinct cache names, sorted as lscpu sorts them (byte order: L1d, L1i, L2, L2d, L3). */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Cache c : caches) {
            if (names.isEmpty() || !names.get(names.size() - 1).equals(c.name)) {
                names.add(c.name);
            }
        }
        return names;
    }

    /** The id of the first cache named {@code name} whose shared map holds {@code cpu}. */
    OptionalInt id(String name, int cpu) {
        for (Cache c : caches) {
            if (c.name.equals(name) && c.holds(cpu)) {
                return OptionalInt.of(c.id);
            }
        }
        return OptionalInt.empty();
    }
}
