package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * A device directory that was for a while a symbolic link (refused, never followed) comes back
 * once the directory is put back: its name never left the listing, so no add event and no poll
 * brings it; the machine looks at such names again instead. "Repair the tree and try again" holds
 * without a restart, as for an unreadable file. The trees are opened without holding directories
 * (a held directory moved away is written where it went, for up to a second, by design).
 */
@Timeout(60)
class SwappedBackTest {

    static final String MEMORY = "sys/devices/system/memory/";
    static final String CPU = "sys/devices/system/cpu/";

    @TempDir
    Path tmp;

    @Test
    void aBlockThatWasALinkForAWhileIsABlockAgainOnceItsDirectoryIsBack() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 4, true, 8, true);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        m.blockOffline(5);
        m.blockOffline(6);

        Path block = root.resolve(MEMORY + "memory5");
        Path aside = root.resolve(MEMORY + "m5.real");
        Files.move(block, aside);
        Files.createSymbolicLink(block, elsewhere);
        assertThatThrownBy(() -> m.blockOnline(5, OnlineType.ONLINE)).isInstanceOf(PortException.class)
                .hasMessageContaining("is a symbolic link");
        assertThat(m.topology().block(5)).isEmpty();
        assertThat(elsewhere).isEmptyDirectory();

        Files.delete(block);
        Files.move(aside, block);
        assertThat(m.topology().block(5)).map(MemoryBlock::online).contains(false);
        m.blockOnline(5, OnlineType.ONLINE);
        m.blockOnline(6, OnlineType.ONLINE);
        assertThat(Files.readString(block.resolve("state"))).isEqualTo("online\n");
        assertThat(m.topology().memory()).extracting(MemoryBlock::id).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aBlockRepairedBeforeAnyoneLooksIsOnlinedAtTheFirstTry() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 4, true, 8, true);
        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        m.blockOffline(3);
        Path block = root.resolve(MEMORY + "memory3");
        Path aside = root.resolve(MEMORY + "m3.real");
        Files.move(block, aside);
        Files.createSymbolicLink(block, Path.of("m3.real"));
        assertThatThrownBy(() -> m.blockOnline(3, OnlineType.ONLINE)).isInstanceOf(PortException.class);
        Files.delete(block);
        Files.move(aside, block);
        m.blockOnline(3, OnlineType.ONLINE);
        assertThat(Files.readString(block.resolve("state"))).isEqualTo("online\n");
    }

    @Test
    void aCpuThatWasALinkForAWhileIsPresentAgainOnceItsDirectoryIsBack() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 4, true, 2, true);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        m.cpuOffline(2);

        Path cpu = root.resolve(CPU + "cpu2");
        Path aside = root.resolve(CPU + "c2.real");
        Files.move(cpu, aside);
        Files.createSymbolicLink(cpu, elsewhere);
        PortException refused = (PortException) org.assertj.core.api.Assertions.catchThrowable(() -> m.cpuOnline(2));
        assertThat(refused).isNotNull();
        assertThat(m.topology().cpu(2)).map(CpuInfo::present).contains(false);
        assertThat(elsewhere).isEmptyDirectory();

        Files.delete(cpu);
        Files.move(aside, cpu);
        assertThat(m.topology().cpu(2)).map(CpuInfo::present).contains(true);
        m.cpuOnline(2);
        assertThat(Files.readString(cpu.resolve("online"))).isEqualTo("1\n");
        assertThat(m.topology().cpu(2).orElseThrow().online()).isTrue();
    }

    @Test
    void aNameThatStaysALinkIsNotReadAsADevice() throws IOException, PortException {
        Path root = SyntheticTree.build(tmp.resolve("root"), 2, true, 4, true);
        Path block = root.resolve(MEMORY + "memory2");
        Files.move(block, root.resolve(MEMORY + "m2.real"));
        Files.createSymbolicLink(block, Path.of("m2.real"));
        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        for (int i = 0; i < 3; i++) {
            assertThat(m.topology().memory()).extracting(MemoryBlock::id).containsExactly(0, 1, 3);
        }
        assertThatThrownBy(() -> m.blockOffline(2)).isInstanceOf(PortException.class)
                .extracting(e -> ((PortException) e).errno()).isEqualTo(Errno.ENODEV);
    }
}
