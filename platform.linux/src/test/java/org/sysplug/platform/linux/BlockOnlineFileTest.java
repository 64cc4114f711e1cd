package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.linux.sysfs.Dumps;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * A memory block's {@code online} file (the device core's attribute, which the kernel keeps 0/1 in
 * step with the block's state) follows each write to {@code state} on a file-backed copy, both ways,
 * and the round trip leaves the tree as it was, byte for byte.
 */
@Timeout(60)
class BlockOnlineFileTest {

    static final String MEMORY = "sys/devices/system/memory/";

    @TempDir
    Path tmp;

    @Test
    void offlineWritesZeroToOnlineAndOnlineWritesOneAndATreeWithoutTheFileGetsNone() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 2, true, 4, true);
        Files.writeString(root.resolve(MEMORY + "memory1/online"), "1\n");
        Files.writeString(root.resolve(MEMORY + "memory2/online"), "1\n");
        String before = SyntheticTree.checksum(root);
        LinuxMachine m = new LinuxMachine(Sysroot.open(root, Sysroot.Access.WRITABLE));

        m.blockOffline(1);
        m.blockOffline(3);
        assertThat(Files.readString(root.resolve(MEMORY + "memory1/state"))).isEqualTo("offline\n");
        assertThat(Files.readString(root.resolve(MEMORY + "memory1/online"))).isEqualTo("0\n");
        assertThat(Files.readString(root.resolve(MEMORY + "memory2/online"))).as("not written").isEqualTo("1\n");
        assertThat(root.resolve(MEMORY + "memory3/online")).as("a tree without the file").doesNotExist();

        m.blockOnline(1, OnlineType.ONLINE);
        m.blockOnline(3, OnlineType.ONLINE);
        assertThat(Files.readString(root.resolve(MEMORY + "memory1/online"))).isEqualTo("1\n");
        assertThat(SyntheticTree.checksum(root)).isEqualTo(before);
    }

    @Test
    void onUtilLinuxsX8616gDumpTheRoundTripIsByteIdenticalAndOfflineShowsZero() throws Exception {
        assumeTrue(Dumps.lsmemTrees().contains("x86_64-16g"), "the shared util-linux dumps are absent here");
        Path root = Dumps.unpackLsmem("x86_64-16g", tmp);
        assumeTrue(Files.isRegularFile(root.resolve(MEMORY + "memory56/online")), "this dump has no online files");
        String before = SyntheticTree.checksum(root);
        LinuxMachine m = new LinuxMachine(Sysroot.open(root, Sysroot.Access.WRITABLE));

        for (int b = 56; b <= 63; b++) {
            m.blockOffline(b);
        }
        for (int b = 56; b <= 63; b++) {
            assertThat(Files.readString(root.resolve(MEMORY + "memory" + b + "/state"))).isEqualTo("offline\n");
            assertThat(Files.readString(root.resolve(MEMORY + "memory" + b + "/online"))).as("memory" + b).isEqualTo("0\n");
        }
        for (int b = 56; b <= 63; b++) {
            m.blockOnline(b, OnlineType.ONLINE);
        }
        assertThat(SyntheticTree.checksum(root)).isEqualTo(before);
    }
}
