package org.sysplug.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The run's temporary directory ({@code sysplug-*} in the temp dir: the bundle cache, the shell's
 * home), marked with the process that owns it, and the sweep of those a killed run left behind: a
 * {@code kill -9} skips every cleanup, so the next start removes the directories whose owner is
 * gone. A directory without a mark (a run starting now, or another program's) is left alone.
 */
final class WorkDirs {

    static final String PREFIX = "sysplug-";
    static final String OWNER = "owner.pid";

    private WorkDirs() {
    }

    /** A fresh directory for this run, marked as this process's. */
    static Path create() throws IOException {
        return create(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * A fresh directory below {@code tmp}, readable by its owner only, as
     * {@code Files.createTempDirectory} makes one. Its name is the process id and a clock reading,
     * not a random one: the JDK's temporary names come from {@code SecureRandom}, whose first use
     * costs a one-shot run tens of milliseconds of seeding and provider loading. A name that
     * exists (a run that died with this pid, or another user's file) is never reused: creation
     * fails on it, and the next name is tried.
     */
    static Path create(Path tmp) throws IOException {
        long pid = ProcessHandle.current().pid();
        FileAttribute<Set<PosixFilePermission>> ownerOnly =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        boolean posix = tmp.getFileSystem().supportedFileAttributeViews().contains("posix");
        for (int attempt = 0; ; attempt++) {
            Path dir = tmp.resolve(PREFIX + pid + "-" + Long.toHexString(System.nanoTime()));
            try {
                if (posix) {
                    Files.createDirectory(dir, ownerOnly);
                } else {
                    Files.createDirectory(dir);
                }
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
                continue;
            }
            Files.writeString(dir.resolve(OWNER), Long.toString(pid), StandardCharsets.US_ASCII);
            return dir;
        }
    }

    /** Removes the marked directories in {@code tmp} whose owning process no longer runs; returns them. */
    static List<Path> sweep(Path tmp) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Optional<Long> owner = owner(dir);
                if (owner.isPresent() && owner.get() != ProcessHandle.current().pid()
                        && ProcessHandle.of(owner.get()).map(p -> !p.isAlive()).orElse(true)) {
                    EmbeddedFramework.deleteTree(dir);
                    removed.add(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a sweep is housekeeping: it never stops a start
        }
        return removed;
    }

    private static Optional<Long> owner(Path dir) {
        Path mark = dir.resolve(OWNER);
        try {
            if (!Files.isRegularFile(mark, LinkOption.NOFOLLOW_LINKS) || Files.size(mark) > 32) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readString(mark, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
