package org.sysplug.platform.linux.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sysroot's escape and link rules on a tree built here: a link loop, a dangling link, links out of the root. */
@Timeout(30)
class SysrootTest {

    @TempDir
    Path tmp;
    Path root;
    Sysroot sys;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Path mem = Files.createDirectories(root.resolve("sys/devices/system/memory/memory0"));
        Files.writeString(mem.resolve("state"), "online\n");
        Files.writeString(tmp.resolve("secret"), "outside\n");
        Files.createSymbolicLink(mem.resolve("node0"), Path.of("../../node/node0"));          // dangles
        Files.createSymbolicLink(mem.resolve("loop"), Path.of("loop"));                         // loops on itself
        Files.createSymbolicLink(mem.resolve("a"), Path.of("b"));                               // a -> b -> a
        Files.createSymbolicLink(mem.resolve("b"), Path.of("a"));
        Files.createSymbolicLink(mem.resolve("dot"), Path.of("."));                             // as in vbox-win
        Files.createSymbolicLink(mem.resolve("escape"), Path.of("../../../../../secret"));      // leaves the root
        Files.createSymbolicLink(mem.resolve("abs"), tmp.resolve("secret"));                    // absolute, outside
        Files.createSymbolicLink(mem.resolve("good"), Path.of("state"));                        // resolves inside
        Files.createSymbolicLink(root.resolve("sys/linkdir"), Path.of("devices"));             // a directory link
        sys = Sysroot.of(root);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../secret", "sys/../../secret", "sys/devices/../../..", "/etc/passwd", "/", "sys/\0x"})
    void pathsThatCouldLeaveTheRootAreRefused(String path) {
        assertThatThrownBy(() -> sys.resolve(path)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sys.readString(path)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sys.list(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "memory0\0", "../x"})
    void badDeviceNamesAreRefused(String name) {
        assertThatThrownBy(() -> Sysroot.requireName(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void goodNamesAndPathsResolveBelowTheRoot() throws IOException {
        assertThat(Sysroot.requireName("memory12")).isEqualTo("memory12");
        assertThat(sys.resolve("sys//devices/./system")).startsWith(sys.root());
        assertThat(sys.readLine("sys/devices/system/memory/memory0/state")).contains("online");
        assertThat(sys.readString("./sys/devices/system/memory/memory0/state")).contains("online\n");
    }

    @Test
    void linksAreListedByNameButNeverReadThrough() throws IOException {
        String m = "sys/devices/system/memory/memory0";
        assertThat(sys.list(m)).extracting(Sysroot.Entry::name)
                .containsExactly("a", "abs", "b", "dot", "escape", "good", "loop", "node0", "state");
        assertThat(sys.list(m)).filteredOn(e -> e.kind() == Sysroot.Kind.LINK).hasSize(8);
        for (String link : new String[] {"node0", "loop", "a", "dot", "escape", "abs", "good"}) {
            assertThat(sys.readString(m + "/" + link)).as(link).isEmpty();
            assertThat(sys.isFile(m + "/" + link)).as(link).isFalse();
            assertThat(sys.isDirectory(m + "/" + link)).as(link).isFalse();
            assertThat(sys.list(m + "/" + link)).as(link).isEmpty();
        }
        // a directory reached through a link is absent too
        assertThat(sys.readString("sys/linkdir/system/memory/memory0/state")).isEmpty();
        assertThat(sys.list("sys/linkdir")).isEmpty();
        assertThat(sys.readString(m + "/dot/dot/state")).isEmpty();
    }

    @Test
    void resolveLinkGivesInsideTargetsOnlyAndNeverHangs() throws IOException {
        String m = "sys/devices/system/memory/memory0";
        assertThat(sys.resolveLink(m + "/good")).contains(m + "/state");
        assertThat(sys.resolveLink(m + "/dot")).contains(m);
        assertThat(sys.resolveLink("sys/linkdir/system")).contains("sys/devices/system");
        assertThat(sys.resolveLink(m + "/node0")).isEmpty();  // dangling
        assertThat(sys.resolveLink(m + "/loop")).isEmpty();   // loop
        assertThat(sys.resolveLink(m + "/a")).isEmpty();      // two-link loop
        assertThat(sys.resolveLink(m + "/escape")).isEmpty(); // would leave the root
        assertThat(sys.resolveLink(m + "/abs")).isEmpty();    // absolute: taken below the root, absent there
        assertThat(sys.readLink(m + "/node0")).contains("../../node/node0");
        assertThat(sys.readLink(m + "/state")).isEmpty();
    }

    @Test
    void aFifoIsNeverOpened() throws Exception {
        Path fifo = root.resolve("sys/devices/system/memory/memory0/online");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo unavailable");
        assertThat(sys.kind("sys/devices/system/memory/memory0/online")).contains(Sysroot.Kind.OTHER);
        org.assertj.core.api.Assertions.assertThat(
                org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
                        () -> sys.readString("sys/devices/system/memory/memory0/online"))).isEmpty();
    }

    @Test
    void theSysrootMustBeADirectory() {
        assertThatThrownBy(() -> Sysroot.of(tmp.resolve("secret"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Sysroot.of(tmp.resolve("missing"))).isInstanceOf(IOException.class);
    }

    @Test
    void aReadOnlyTreeRefusesEveryWriteAndChangesNothing() throws IOException {
        Path state = root.resolve("sys/devices/system/memory/memory0/state");
        assertThat(sys.writable()).isFalse();
        assertThatThrownBy(() -> sys.write("sys/devices/system/memory/memory0/state", "offline"))
                .isInstanceOf(Sysroot.ReadOnlyException.class)
                .hasMessageContaining("read-only sysroot")
                .hasMessageContaining("memory0/state")
                .hasMessageContaining("--writable");
        assertThat(Files.readString(state)).isEqualTo("online\n");
    }

    @Test
    void aWritableTreeWritesExactlyTheStringAndNothingElse() throws IOException {
        Sysroot w = Sysroot.of(root, Sysroot.Access.WRITABLE);
        w.write("sys/devices/system/memory/memory0/state", "offline");
        assertThat(Files.readString(root.resolve("sys/devices/system/memory/memory0/state"))).isEqualTo("offline");
        assertThat(Files.readString(tmp.resolve("secret"))).isEqualTo("outside\n");
    }

    @Test
    void aShorterValueWritesOverTheStartAndKeepsTheTailAsOWronlyDoes() throws IOException {
        Path state = root.resolve("sys/devices/system/memory/memory0/state");
        Sysroot w = Sysroot.of(root, Sysroot.Access.WRITABLE);
        w.write("sys/devices/system/memory/memory0/state", "off");
        assertThat(Files.readString(state)).isEqualTo("offine\n");
        Files.writeString(state, "");
        w.write("sys/devices/system/memory/memory0/state", "online_movable");
        assertThat(Files.readString(state)).isEqualTo("online_movable");
    }

    @Test
    void aReadOnlyTreeRefusesAChangeUpFrontAndAWritableOneDoesNot() throws IOException {
        assertThatThrownBy(() -> sys.requireWritable("disabling CPUs"))
                .isInstanceOf(Sysroot.ReadOnlyException.class)
                .hasMessageContaining("read-only sysroot")
                .hasMessageContaining("disabling CPUs refused, nothing was changed");
        Sysroot.of(root, Sysroot.Access.WRITABLE).requireWritable("disabling CPUs");
    }

    @ParameterizedTest
    @CsvSource({"sys/devices/system/memory/memory0/escape, sys/devices/system/memory/memory0/escape",
            "sys/devices/system/memory/memory0/abs, sys/devices/system/memory/memory0/abs",
            "sys/devices/system/memory/memory0/good, sys/devices/system/memory/memory0/good",
            "sys/linkdir/system/memory/memory0/state, sys/linkdir",
            "sys/devices/system/memory/memory0/loop, sys/devices/system/memory/memory0/loop",
            "sys/devices/system/memory/memory0/dot/state, sys/devices/system/memory/memory0/dot"})
    void aWriteThroughALinkIsRefusedNamingTheLink(String path, String link) throws IOException {
        for (Sysroot w : new Sysroot[] {Sysroot.of(root, Sysroot.Access.WRITABLE), Sysroot.open(root, Sysroot.Access.WRITABLE)}) {
            try (w) {
                assertThatThrownBy(() -> w.write(path, "x")).isInstanceOf(Sysroot.LinkRefusedException.class)
                        .hasMessageContaining(link + " is a symbolic link")
                        .hasMessageContaining("nothing was written to " + path)
                        .extracting(e -> ((Sysroot.LinkRefusedException) e).getFile()).isEqualTo(link);
                assertThatThrownBy(() -> w.replace(path, "x")).isInstanceOf(Sysroot.LinkRefusedException.class);
            }
        }
        assertThat(Files.readString(tmp.resolve("secret"))).isEqualTo("outside\n");
        assertThat(Files.readString(root.resolve("sys/devices/system/memory/memory0/state"))).isEqualTo("online\n");
    }

    @Test
    void aWriteToAMissingFileCreatesNothing() throws IOException {
        Sysroot w = Sysroot.of(root, Sysroot.Access.WRITABLE);
        assertThatThrownBy(() -> w.write("sys/devices/system/memory/memory0/online", "x"))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("no such attribute below");
        assertThatThrownBy(() -> w.write("sys/devices/system/memory/memory9/online", "x"))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("(sys/devices/system/memory/memory9 is absent)");
        assertThat(Files.exists(root.resolve("sys/devices/system/memory/memory0/online"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(root.resolve("sys/devices/system/memory/memory9"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret", "/etc/passwd", "sys/\0x"})
    void aWriteThatCouldLeaveTheRootIsRefused(String path) throws IOException {
        Sysroot w = Sysroot.of(root, Sysroot.Access.WRITABLE);
        assertThatThrownBy(() -> w.write(path, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readString(tmp.resolve("secret"))).isEqualTo("outside\n");
    }

    @Test
    void theRealRootIsNeverAWritableCopy() {
        assertThatThrownBy(() -> Sysroot.of(Path.of("/"), Sysroot.Access.WRITABLE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("running kernel's sysfs")
                .hasMessageContaining("--live");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/devices")), "no sysfs mounted here");
        assertThat(Sysroot.isKernelSysfs(Path.of("/"))).isTrue();
    }

    @Test
    void namesListsEntriesWithoutFollowingAndNothingThroughALink() throws IOException {
        assertThat(sys.names("sys/devices/system/memory/memory0"))
                .containsExactly("a", "abs", "b", "dot", "escape", "good", "loop", "node0", "state");
        assertThat(sys.names("sys/linkdir/system")).isEmpty();
        assertThat(sys.names("sys/devices/system/absent")).isEmpty();
    }
}
