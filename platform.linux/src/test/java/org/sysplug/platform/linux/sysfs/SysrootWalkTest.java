package org.sysplug.platform.linux.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sysplug.platform.linux.SyntheticTree;

/**
 * Sysroot's walk from the root, one directory at a time, links never followed, at the moment of
 * each call: a link swapped in for a directory anywhere on a path (not only its last component),
 * a FIFO or file where a directory or attribute should be, a kept directory that was moved or
 * replaced, and what an open tree holds.
 */
@Timeout(60)
class SysrootWalkTest {

    static final String MEMORY = "sys/devices/system/memory";
    static final String STATE = MEMORY + "/memory3/state";

    @TempDir
    Path tmp;
    Path root;
    /** A copy of the tree's memory directory beside the tree: what a link swapped into the tree would lead to. */
    Path decoy;
    String decoySum;

    @BeforeEach
    void tree() throws IOException {
        root = SyntheticTree.build(tmp.resolve("root"), 2, false, 8, false);
        decoy = copy(root.resolve(MEMORY), tmp.resolve("decoy"));
        decoySum = SyntheticTree.checksum(decoy);
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        return to;
    }

    /** Puts a link to the decoy where {@code dir} (relative to the root) was; the real one moves to {@code dir.away}, inside the tree. */
    void swapForLink(String dir, Path target) throws IOException {
        Path real = root.resolve(dir);
        Files.move(real, real.resolveSibling(real.getFileName() + ".away"));
        Files.createSymbolicLink(real, target);
    }

    @ParameterizedTest
    @ValueSource(strings = {MEMORY, "sys/devices", "sys/devices/system/memory/memory3"})
    void aLinkInPlaceOfADirectoryOnThePathRefusesTheWriteAndLeavesTheDecoyAlone(String swapped) throws IOException {
        Path target = swapped.equals(MEMORY) ? decoy
                : swapped.equals("sys/devices") ? copy(root.resolve("sys/devices"), tmp.resolve("decoy-devices"))
                : decoy.resolve("memory3");
        String targetSum = SyntheticTree.checksum(target);
        swapForLink(swapped, target);
        for (Sysroot w : new Sysroot[] {Sysroot.of(root, Sysroot.Access.WRITABLE), Sysroot.open(root, Sysroot.Access.WRITABLE)}) {
            try (w) {
                assertThatThrownBy(() -> w.write(STATE, "online")).isInstanceOf(Sysroot.LinkRefusedException.class)
                        .hasMessage(swapped + " is a symbolic link: sysplug never follows a link below the sysroot "
                                + w.root() + " (it could lead out of the tree); nothing was written to " + STATE);
                assertThatThrownBy(() -> w.replace(STATE, "online\n")).isInstanceOf(Sysroot.LinkRefusedException.class);
                // reads never follow it either: absent to the plain reads, the link named to readAttribute
                assertThat(w.readString(STATE)).isEmpty();
                assertThat(w.readAttribute(STATE).unreadable()).hasValueSatisfying(
                        why -> assertThat(why).startsWith(swapped + " is a symbolic link"));
                assertThat(w.isFile(STATE)).isFalse();
                assertThat(w.list(MEMORY + "/memory3")).isEmpty();
            }
        }
        assertThat(SyntheticTree.checksum(decoy)).isEqualTo(decoySum);
        assertThat(SyntheticTree.checksum(target)).isEqualTo(targetSum);
    }

    @Test
    void aKeptDirectoryIsTheDirectoryItselfSoAMovedOneIsWrittenWhereItIsAndNeverTheDecoy() throws IOException {
        try (Sysroot w = Sysroot.open(root, Sysroot.Access.WRITABLE, Long.MAX_VALUE)) {
            w.replace(STATE, "online\n"); // holds memory and memory3 open
            swapForLink(MEMORY, decoy);
            w.replace(STATE, "offline\n");
            // the write went to the tree's own directory, moved to memory.away, inside the tree
            assertThat(Files.readString(root.resolve(MEMORY + ".away/memory3/state"))).isEqualTo("offline\n");
        }
        assertThat(SyntheticTree.checksum(decoy)).isEqualTo(decoySum);
    }

    @Test
    void aKeptDirectoryIsOpenedAgainByNameOnceItsTimeIsUpAndTheLinkThenRefused() throws Exception {
        try (Sysroot w = Sysroot.open(root, Sysroot.Access.WRITABLE, 1)) {
            w.replace(STATE, "online\n");
            swapForLink(MEMORY, decoy);
            Thread.sleep(2); // more than the 1 ns this tree keeps a directory
            assertThatThrownBy(() -> w.replace(STATE, "offline\n")).isInstanceOf(Sysroot.LinkRefusedException.class)
                    .hasMessageStartingWith(MEMORY + " is a symbolic link");
        }
        assertThat(SyntheticTree.checksum(decoy)).isEqualTo(decoySum);
    }

    @Test
    void aKeptDirectoryRemovedAndAddedAgainIsReadAgainAtOnce() throws IOException {
        // as the kernel removes memory3 and adds it again within a second
        try (Sysroot r = Sysroot.open(root, Sysroot.Access.READ_ONLY, Long.MAX_VALUE)) {
            assertThat(r.readLine(STATE)).contains("offline");
            Path dir = root.resolve(MEMORY + "/memory3");
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
            Files.createDirectory(dir);
            Files.writeString(dir.resolve("state"), "online\n");
            assertThat(r.readLine(STATE)).contains("online");
            // a file that is simply absent below a kept directory stays absent
            assertThat(r.readAttribute(MEMORY + "/memory3/valid_zones").absent()).isTrue();
            Files.delete(dir.resolve("state"));
            Files.delete(dir);
            assertThat(r.readAttribute(STATE).absent()).isTrue();
        }
    }

    @Test
    void aFifoOrFileWhereADirectoryShouldBeIsNeverOpened() throws Exception {
        Path dir = root.resolve(MEMORY + "/memory3");
        Files.move(dir, root.resolve(MEMORY + "/away3"));
        mkfifo(dir);
        Files.writeString(root.resolve(MEMORY + "/memory4.tmp"), "x");
        Files.move(root.resolve(MEMORY + "/memory4"), root.resolve(MEMORY + "/away4"));
        Files.move(root.resolve(MEMORY + "/memory4.tmp"), root.resolve(MEMORY + "/memory4"));
        try (Sysroot w = Sysroot.open(root, Sysroot.Access.WRITABLE)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(w.readAttribute(STATE).unreadable()).contains(MEMORY + "/memory3 is not a directory below the"
                        + " sysroot " + w.root());
                assertThatThrownBy(() -> w.write(STATE, "online")).hasMessageStartingWith(
                        MEMORY + "/memory3 is not a directory").hasMessageEndingWith("nothing was written to " + STATE);
                assertThat(w.list(MEMORY + "/memory3")).isEmpty();
                assertThat(w.readAttribute(MEMORY + "/memory4/state").unreadable()).isPresent();
                assertThatThrownBy(() -> w.write(MEMORY + "/memory4/state", "online"))
                        .hasMessageStartingWith(MEMORY + "/memory4 is not a directory");
            });
        }
    }

    @Test
    void anAttributeThatIsADirectoryALinkOrAFifoIsUnreadableWithTheReasonAndNeverBlocks() throws Exception {
        String m = MEMORY + "/memory";
        Files.delete(root.resolve(m + "1/state"));
        Files.createDirectory(root.resolve(m + "1/state"));
        Files.delete(root.resolve(m + "2/state"));
        Files.createSymbolicLink(root.resolve(m + "2/state"), Path.of("nowhere"));
        Files.delete(root.resolve(m + "3/state"));
        mkfifo(root.resolve(m + "3/state"));
        try (Sysroot w = Sysroot.open(root, Sysroot.Access.WRITABLE)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(w.readAttribute(m + "1/state").unreadable()).contains(m + "1/state is a directory, not an"
                        + " attribute file: not opened");
                assertThat(w.readAttribute(m + "2/state").unreadable()).contains(m + "2/state is a symbolic link (never"
                        + " followed), not an attribute file: not opened");
                assertThat(w.readAttribute(m + "3/state").unreadable()).contains(m + "3/state is a FIFO, socket or device"
                        + " file, not an attribute file: not opened");
                for (int i = 1; i <= 3; i++) {
                    assertThat(w.readString(m + i + "/state")).isEmpty();
                }
                assertThatThrownBy(() -> w.write(m + "1/state", "online")).hasMessageContaining("is a directory");
                assertThatThrownBy(() -> w.write(m + "2/state", "online")).isInstanceOf(Sysroot.LinkRefusedException.class);
                assertThatThrownBy(() -> w.write(m + "3/state", "online")).hasMessageContaining("is a FIFO");
            });
        }
        assertThat(Files.exists(root.resolve(m + "2/nowhere"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aTreeMadeWithOfHoldsNothingOpenBetweenCalls() throws IOException {
        long before = openDescriptors();
        Sysroot w = Sysroot.of(root, Sysroot.Access.WRITABLE);
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 8; i++) {
                w.readLine(MEMORY + "/memory" + i + "/state");
                w.replace(MEMORY + "/memory" + i + "/state", round % 2 == 0 ? "online\n" : "offline\n");
                w.list(MEMORY + "/memory" + i);
            }
        }
        assertThat(w.openDirectories()).isZero();
        assertThat(openDescriptors()).isEqualTo(before);
    }

    @Test
    void anOpenTreeHoldsABoundedNumberOfDirectoriesUntilClosedAndStillWorksAfter() throws IOException {
        Path big = SyntheticTree.build(tmp.resolve("big"), 2, false, 200, false);
        long before = openDescriptors();
        Sysroot r = Sysroot.open(big, Sysroot.Access.READ_ONLY);
        for (int i = 0; i < 200; i++) {
            assertThat(r.readLine(MEMORY + "/memory" + i + "/state")).contains("offline");
        }
        assertThat(r.openDirectories()).isBetween(2, TreeDirectories.CAPACITY + 1);
        Sysroot view = r.readOnly();
        view.close(); // a view lets go of nothing
        assertThat(r.openDirectories()).isPositive();
        r.close();
        assertThat(r.openDirectories()).isZero();
        assertThat(openDescriptors()).isEqualTo(before);
        assertThat(r.readLine(STATE)).contains("offline");
        assertThat(r.openDirectories()).isZero();
        assertThat(openDescriptors()).isEqualTo(before);
    }

    @Test
    void aRootReplacedUnderATreeThatHoldsNothingIsRefusedClearly() throws IOException {
        Sysroot r = Sysroot.of(root);
        Files.move(root, tmp.resolve("moved"));
        Files.createDirectories(root.resolve(MEMORY));
        assertThatThrownBy(() -> r.readString(STATE)).isInstanceOf(IOException.class)
                .hasMessageContaining("is no longer the directory sysplug opened");
        assertThatThrownBy(() -> r.list(MEMORY)).hasMessageContaining("is no longer the directory sysplug opened");
        assertThat(r.kind(MEMORY)).isEmpty();
    }

    static void mkfifo(Path at) throws Exception {
        Process p = new ProcessBuilder("mkfifo", at.toString()).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo unavailable");
    }

    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
