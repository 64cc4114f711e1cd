package org.sysplug.frontend.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the tree may be mounted: never over the real /sys, never through a link, never on a file. */
class SysfsMountTest {

    @TempDir
    Path dir;

    @Test
    void theRootWouldCoverTheRealSysAndIsRefused() {
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint("/"))).isInstanceOf(IOException.class)
                .hasMessageContaining("would mount over the real /sys");
    }

    @Test
    void aDirectoryThatIsALinkToTheRootIsRefusedToo() throws IOException {
        Path root = Files.createSymbolicLink(dir.resolve("root"), Path.of("/"));
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint(root.toString()))).isInstanceOf(IOException.class)
                .hasMessageContaining("would mount over the real /sys");
    }

    @Test
    void aSysThatIsALinkIsRefusedWhereverItPoints() throws IOException {
        Files.createSymbolicLink(dir.resolve("sys"), Path.of("/sys"));
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint(dir.toString()))).isInstanceOf(IOException.class)
                .hasMessageContaining("is a symbolic link (to /sys)");
    }

    @Test
    void aSysThatIsAFileIsRefused() throws IOException {
        Files.writeString(dir.resolve("sys"), "x");
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint(dir.toString()))).isInstanceOf(IOException.class)
                .hasMessageContaining("is a file, not a directory");
    }

    @Test
    void aDirectoryInsideTheKernelsProcOrSysIsRefusedBeforeAnythingIsMadeThere() throws IOException {
        // /proc/sys exists (sysctl): mounted over, it would hide the kernel's settings
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint("/proc"))).isInstanceOf(IOException.class)
                .hasMessageContaining("--serve-sysfs /proc is inside /proc, the running kernel's own files");
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint("/proc/sysplug-never-made/x")))
                .isInstanceOf(IOException.class).hasMessageContaining("is inside /proc");
        assertThat(Path.of("/proc/sysplug-never-made")).doesNotExist();
        // through a link, too (the check is on the real path; /sys itself is never touched by this test)
        Path proc = Files.createSymbolicLink(dir.resolve("proc-link"), Path.of("/proc/self"));
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint(proc.resolve("x").toString())))
                .isInstanceOf(IOException.class).hasMessageContaining("is inside /proc");
    }

    @Test
    void aDirThatIsAFileIsRefusedSayingSo() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint(file.toString()))).isInstanceOf(IOException.class)
                .hasMessage(file + " is a file, not a directory: remove it or give another DIR");
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint(file.resolve("deeper").toString())))
                .isInstanceOf(IOException.class).hasMessage("cannot make " + file.resolve("deeper") + ": Not a directory");
    }

    @Test
    void aFreshDirectoryGetsItsSysDirectoryAndIsNotMounted() throws IOException {
        Path mountPoint = SysfsMount.mountPoint(dir.resolve("new").toString());
        SysfsMount.prepare(mountPoint);
        assertThat(mountPoint).isDirectory();
        assertThat(SysfsMount.mounted(mountPoint)).isFalse();
    }

    @Test
    void aSysThatIsNotEmptyIsRefusedInOneLine() throws IOException {
        Files.createDirectories(dir.resolve("sys/devices"));
        assertThatThrownBy(() -> SysfsMount.prepare(SysfsMount.mountPoint(dir.toString()))).isInstanceOf(IOException.class)
                .hasMessage(dir.resolve("sys") + " is not empty: FUSE mounts only on an empty directory; "
                        + "give a DIR whose sys is empty or missing");
    }

    @Test
    void mountinfoEscapesAreDecoded() {
        assertThat(SysfsMount.unescape("/tmp/a\\040b/sys")).isEqualTo("/tmp/a b/sys");
        assertThat(SysfsMount.unescape("/tmp/a\\\\b")).isEqualTo("/tmp/a\\\\b");
        assertThat(SysfsMount.unescape("/tmp/x\\04")).isEqualTo("/tmp/x\\04");
    }

    @Test
    void cpuinfoIsWrittenOnlyWhereThereIsNone() throws IOException {
        assertThat(SysfsMount.cpuinfo(dir)).containsExactly(dir.resolve("proc"), dir.resolve("proc/cpuinfo"));
        Path written = dir.resolve("proc/cpuinfo");
        assertThat(Files.readString(written)).isEqualTo("vendor_id\t: sysplug\n");
        Files.delete(written);
        assertThat(SysfsMount.cpuinfo(dir)).as("proc was there").containsExactly(written);
        assertThat(SysfsMount.cpuinfo(dir)).as("the one a killed sysplug left is taken as ours").containsExactly(written);
        Files.writeString(written, "processor : 0\n");
        assertThat(SysfsMount.cpuinfo(dir)).isEmpty();
        assertThat(Files.readString(written)).isEqualTo("processor : 0\n");
    }
}
