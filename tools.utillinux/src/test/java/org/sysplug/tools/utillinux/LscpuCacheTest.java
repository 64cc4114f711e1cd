package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * The cache ids of {@code lscpu --parse} on small trees: how lscpu numbers caches, where it takes
 * the kernel's ids, what it prints for a list of columns and for a CPU or a kernel without caches.
 */
class LscpuCacheTest {

    private static final String HEADER = "# The following is the parsable format, which can be fed to other\n"
            + "# programs. Each different item in every column has an unique ID\n"
            + "# starting usually from zero.\n";

    @TempDir
    Path root;

    /** Four CPUs, two threads per core, one socket, one node; topology only (caches per test). */
    @BeforeEach
    void fourThreadsOnTwoCores() throws IOException {
        FourCpuTree.build(root, "0-3", "f");
    }

    private void write(String path, String content) throws IOException {
        FourCpuTree.write(root, path, content);
    }

    /** cpuN/cache/indexI with a level, a type, a shared map and, if id >= 0, the kernel's id. */
    private void cache(int cpu, int index, int level, String type, String sharedMap, int id) throws IOException {
        String dir = "sys/devices/system/cpu/cpu" + cpu + "/cache/index" + index + "/";
        write(dir + "level", Integer.toString(level));
        write(dir + "type", type);
        write(dir + "shared_cpu_map", sharedMap);
        if (id >= 0) {
            write(dir + "id", Integer.toString(id));
        }
    }

    /** Per CPU: its own L1d, an L1i and L2 per core, one L3 for all; no kernel ids. */
    private void x86Caches() throws IOException {
        for (int cpu = 0; cpu < 4; cpu++) {
            String core = cpu < 2 ? "3" : "c";
            cache(cpu, 0, 1, "Data", Integer.toHexString(1 << cpu), -1);
            cache(cpu, 1, 1, "Instruction", core, -1);
            cache(cpu, 2, 2, "Unified", core, -1);
            cache(cpu, 3, 3, "Unified", "f", -1);
        }
    }

    private String lscpu(String... args) throws IOException {
        ToolResult r = Lscpu.run(Sysroot.of(root), args);
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
        return r.stdout();
    }

    @Test
    void idsCountTheDistinctSharedMapsInCpuOrderAfterAnEmptyField() throws IOException {
        x86Caches();
        assertThat(lscpu("-p")).isEqualTo(HEADER
                + "# CPU,Core,Socket,Node,,L1d,L1i,L2,L3\n"
                + "0,0,0,0,,0,0,0,0\n"
                + "1,0,0,0,,1,0,0,0\n"
                + "2,1,0,0,,2,1,1,0\n"
                + "3,1,0,0,,3,1,1,0\n");
        assertThat(lscpu("-p", "--physical")).endsWith("# CPU,Core,Socket,Node,,L1d,L1i,L2,L3\n"
                + "0,0,0,0,,0,0,0,0\n"
                + "1,0,0,0,,1,0,0,0\n"
                + "2,1,0,0,,2,1,1,0\n"
                + "3,1,0,0,,3,1,1,0\n");
    }

    @Test
    void aListOfColumnsJoinsTheCacheIdsWithColons() throws IOException {
        x86Caches();
        assertThat(lscpu("-p=CPU,CACHE")).isEqualTo(HEADER
                + "# CPU,L1d:L1i:L2:L3\n"
                + "0,0:0:0:0\n"
                + "1,1:0:0:0\n"
                + "2,2:1:1:0\n"
                + "3,3:1:1:0\n");
        assertThat(lscpu("--parse=cache,Node", "--all")).endsWith("# L1d:L1i:L2:L3,Node\n0:0:0:0,0\n1:0:0:0,0\n2:1:1:0,0\n3:1:1:0,0\n");
    }

    @Test
    void theKernelsIdIsTakenAsItIsWhereItExists() throws IOException {
        for (int cpu = 0; cpu < 4; cpu++) {
            cache(cpu, 0, 1, "Data", Integer.toHexString(1 << cpu), 32 + cpu);
            cache(cpu, 1, 3, "Unified", "f", 8);
        }
        assertThat(lscpu("-p")).endsWith("# CPU,Core,Socket,Node,,L1d,L3\n"
                + "0,0,0,0,,32,8\n1,0,0,0,,33,8\n2,1,0,0,,34,8\n3,1,0,0,,35,8\n");
    }

    @Test
    void withoutCacheFilesTheIdsAreLeftOutOrEmpty() throws IOException {
        assertThat(lscpu("-p")).endsWith("# CPU,Core,Socket,Node\n0,0,0,0\n1,0,0,0\n2,1,0,0\n3,1,0,0\n");
        assertThat(lscpu("-p=CPU,CACHE")).endsWith("# CPU,CACHE\n0,\n1,\n2,\n3,\n");
    }

    @Test
    void aCpuWithoutSomeCacheHasAShorterLine() throws IOException {
        x86Caches();
        // cpu3's index1 is gone: its index2 and index3 are not read either (lscpu stops at the first
        // gap); cpu3 still has the L1i and L3 whose shared maps, read from cpu2, hold it
        for (String f : new String[] {"level", "type", "shared_cpu_map"}) {
            Files.delete(root.resolve("sys/devices/system/cpu/cpu3/cache/index1/" + f));
        }
        Files.delete(root.resolve("sys/devices/system/cpu/cpu3/cache/index1"));
        // cpu2's L2 has no level: skipped, the next index is read
        Files.delete(root.resolve("sys/devices/system/cpu/cpu2/cache/index2/level"));
        assertThat(lscpu("-p")).endsWith("# CPU,Core,Socket,Node,,L1d,L1i,L2,L3\n"
                + "0,0,0,0,,0,0,0,0\n"
                + "1,0,0,0,,1,0,0,0\n"
                + "2,1,0,0,,2,1,0\n"
                + "3,1,0,0,,3,1,0\n");
    }

    @Test
    void aLinkedCacheDirectoryIsAbsentNeverFollowed() throws IOException {
        x86Caches();
        Path index0 = root.resolve("sys/devices/system/cpu/cpu1/cache/index0");
        for (String f : new String[] {"level", "type", "shared_cpu_map"}) {
            Files.delete(index0.resolve(f));
        }
        Files.delete(index0);
        Files.createSymbolicLink(index0, index0.getParent()); // loops
        // cpu1 reads no cache of its own, but cpu0's shared maps hold it: only its L1d is missing
        assertThat(lscpu("-p")).endsWith("# CPU,Core,Socket,Node,,L1d,L1i,L2,L3\n"
                + "0,0,0,0,,0,0,0,0\n"
                + "1,0,0,0,,0,0,0\n"
                + "2,1,0,0,,1,1,1,0\n"
                + "3,1,0,0,,2,1,1,0\n");
    }

    @Test
    void sparcSizeFilesArePrivateCaches() throws IOException {
        for (int cpu = 0; cpu < 4; cpu++) {
            String dir = "sys/devices/system/cpu/cpu" + cpu + "/";
            write(dir + "l1_icache_size", "16384");
            write(dir + "l1_dcache_size", "16384");
            write(dir + "l2_cache_size", cpu == 2 ? "" : "1048576");
        }
        assertThat(lscpu("-p")).endsWith("# CPU,Core,Socket,Node,,L1d,L1i,L2\n"
                + "0,0,0,0,,0,0,0\n"
                + "1,0,0,0,,1,1,1\n"
                + "2,1,0,0,,2,2\n"
                + "3,1,0,0,,3,3,2\n");
    }

    @Test
    void aCacheNameIsNoColumnAsInLscpu() throws IOException {
        x86Caches();
        ToolResult r = Lscpu.run(Sysroot.of(root), "-p=CPU,L2,NODE");
        assertThat(r).isEqualTo(new ToolResult("", "lscpu: unknown column: L2,NODE\n", 1));
        assertThat(Lscpu.run(Sysroot.of(root), "-p=CPU,MODELNAME").stderr()).isEqualTo("lscpu: column not supported here: MODELNAME\n");
    }
}
