package org.sysplug.platform.linux.sysfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The directories of one tree, reached from its root one name at a time without following a
 * link: each step is an {@code openat(dir, name, O_NOFOLLOW)} relative to the directory before
 * it ({@link SecureDirectoryStream}, which Linux's Java offers), after an {@code fstatat} of the
 * same name in the same directory has found a directory there. A symbolic link swapped in for any
 * directory on the way, at any moment, makes the step fail (ELOOP, or the stat sees the link)
 * instead of leading out of the tree; a FIFO or file swapped in is never opened as a directory.
 *
 * <p>An open tree ({@code keep}) holds its root and up to {@value #CAPACITY} recently used
 * directories open between calls, so that 8,192 writes below {@code memory} do not each open the
 * six directories above their file. That is safe where a remembered check would not be: an open
 * directory is a handle to that directory itself, not to a path. Renaming it, or putting a link
 * where it was, cannot make a later {@code openat} through the handle reach anything but that
 * directory's own entries, each again taken without following a link; and to plant an entry
 * there, one must be able to write into the tree's own directory, which is where the tree is
 * anyway. A held directory that was moved away goes on being written (its files are the tree's
 * files, wherever they now are) until it is opened again by name, at most a second
 * ({@link #REOPEN_NANOS}) after it was opened: that bound is for freshness, never for safety.
 * A held directory that no longer stands under its name (a memory block removed and added again
 * by the kernel) is noticed when a file is missing below it and is opened again by name at once.
 *
 * <p>A tree that is not kept opens its root by path for every call (checked to be still the
 * directory first opened: same device and inode) and closes every directory it opened before the
 * call returns: it holds nothing open between calls, so a tree opened and dropped by a one-shot
 * command leaks no descriptor.
 *
 * <p>A tree that may be written ({@code guardMounts}) refuses every directory of {@code sys} that
 * stands on another file system than {@code sys} stood on when the tree was first opened: a bind
 * mount is not a link, {@code openat} walks into it, and a {@code /sys/devices} mounted below a
 * copy would take a write to the running kernel. Each directory is checked when it is opened
 * (its own {@code fstat}, after the open: race-free), not once at the start, since a mount can
 * appear while the tree is in use. {@code sys} itself is not a sysfs (the tree is refused before
 * it is opened otherwise), so this also refuses any sysfs below it. A read-only tree reads through
 * mounts: it cannot change what it reads.
 */
final class TreeDirectories implements Closeable {

    /** How many directories an open tree keeps open besides its root. */
    static final int CAPACITY = 64;
    /** How long a kept directory is used before it is opened again by name (freshness, not safety). */
    static final long REOPEN_NANOS = 1_000_000_000L;

    /** What is done in a directory once it is reached. */
    @FunctionalInterface
    interface Action<T> {
        T in(SecureDirectoryStream<Path> dir) throws IOException;
    }

    /**
     * A step refused: what stands under the name is not what the walk needs (a file or FIFO where a
     * directory should be). The reason names the path, relative to the root. A link is refused with
     * {@link Sysroot.LinkRefusedException}.
     */
    static class Refused extends FileSystemException {
        private static final long serialVersionUID = 1L;

        Refused(String relative, String reason) {
            super(relative, null, reason);
        }

        @Override
        public String getMessage() {
            return getReason();
        }
    }

    /**
     * A step refused because the directory is a mount point below {@code sys} of a tree that may
     * be written: another file system than {@code sys}'s (it may be the running kernel's sysfs).
     */
    static final class MountRefused extends Refused {
        private static final long serialVersionUID = 1L;

        MountRefused(String relative, String reason) {
            super(relative, reason);
        }
    }

    /** The root itself cannot be opened (any more): nothing below it can be read. */
    static final class RootUnusable extends IOException {
        private static final long serialVersionUID = 1L;

        RootUnusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path root;
    private final Object rootKey;
    private final boolean keep;
    private final long reopenNanos;
    /** Whether directories of {@code sys} on another file system are refused (a tree that may be written). */
    private final boolean guardMounts;
    /**
     * The device ({@code st_dev}) {@code sys} was on when first opened; -1 until then. Written once,
     * under this; read by every guarded open.
     */
    private long sysDevice = -1;
    /** The root, open for the tree's life when kept; null when not kept or once closed. Guarded by this. */
    private Held rootHeld;
    /** Kept directories by relative path, least recently used first. Guarded by this. */
    private final LinkedHashMap<String, Held> held = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    private TreeDirectories(Path root, Object rootKey, boolean keep, long reopenNanos, boolean guardMounts,
            SecureDirectoryStream<Path> rootDir) {
        this.root = root;
        this.rootKey = rootKey;
        this.keep = keep;
        this.reopenNanos = reopenNanos;
        this.guardMounts = guardMounts;
        this.rootHeld = keep ? new Held(rootDir, false) : null;
    }

    /**
     * The directories of the tree at {@code root} (a real path).
     *
     * @throws IOException if the root cannot be opened, or if this Java offers no
     *         {@link SecureDirectoryStream} (there is then no race-free walk, and sysplug uses none other)
     */
    static TreeDirectories of(Path root, boolean keep) throws IOException {
        return of(root, keep, REOPEN_NANOS, false);
    }

    /**
     * As {@link #of(Path, boolean)}, kept directories opened again by name after {@code reopenNanos}
     * (tests), and, if {@code guardMounts}, every directory of {@code sys} on another file system
     * than {@code sys} refused with {@link MountRefused}.
     */
    static TreeDirectories of(Path root, boolean keep, long reopenNanos, boolean guardMounts) throws IOException {
        SecureDirectoryStream<Path> dir = openRoot(root, null);
        try {
            Object key = dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            if (!keep) {
                dir.close();
                dir = null;
            }
            return new TreeDirectories(root, key, keep, reopenNanos, guardMounts, dir);
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                dir.close();
            }
            throw e;
        }
    }

    private static SecureDirectoryStream<Path> openRoot(Path root, Object expected) throws IOException {
        DirectoryStream<Path> ds;
        try {
            ds = Files.newDirectoryStream(root);
        } catch (IOException e) {
            throw new RootUnusable("cannot open the sysroot " + root + ": " + Sysroot.reason(e), e);
        }
        if (!(ds instanceof SecureDirectoryStream)) {
            ds.close();
            throw new RootUnusable("cannot walk " + root + " without following links on this platform: its Java runtime"
                    + " has no openat-based SecureDirectoryStream (Linux's has), and sysplug reads and writes sysfs trees"
                    + " only that way; run it on Linux", null);
        }
        @SuppressWarnings("unchecked")
        SecureDirectoryStream<Path> dir = (SecureDirectoryStream<Path>) ds;
        if (expected != null) {
            Object key = dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            if (!Objects.equals(key, expected)) {
                dir.close();
                throw new RootUnusable("the sysroot " + root + " is no longer the directory sysplug opened (it was moved"
                        + " or replaced): open the tree again", null);
            }
        }
        return dir;
    }

    /**
     * Runs {@code action} in the directory {@code parts[0..n)} below the root.
     *
     * @throws NoSuchFileException if a directory on the way is absent (its relative path named)
     * @throws Refused if one is a link or not a directory
     */
    <T> T in(List<String> parts, int n, Action<T> action) throws IOException {
        Attempt a = new Attempt();
        try {
            return walk(parts, n, action, true, a);
        } catch (NoSuchFileException missing) {
            if (a.keptFrom == 0 || !stale(parts, a.keptFrom, a.kept)) {
                throw missing;
            }
            return walk(parts, n, action, false, new Attempt());
        } finally {
            if (a.kept != null) {
                release(a.kept);
            }
        }
    }

    /** Where a walk started: the depth and handle of the kept directory it started from, if any. */
    private static final class Attempt {
        int keptFrom;
        Held kept;
    }

    private <T> T walk(List<String> parts, int n, Action<T> action, boolean useKept, Attempt attempt) throws IOException {
        Held current = null;
        int from = 0;
        if (useKept) {
            for (int k = n; k > 0 && current == null; k--) {
                current = acquire(key(parts, k));
                from = current == null ? 0 : k;
            }
        }
        if (current != null) {
            // held once more for the staleness check after a miss
            attempt.keptFrom = from;
            attempt.kept = current;
            acquireAgain(current);
        } else {
            current = acquireRoot();
        }
        try {
            for (int i = from; i < n; i++) {
                Held next = openChild(current, parts, i);
                release(current);
                current = next;
            }
            return action.in(current.dir);
        } finally {
            release(current);
        }
    }

    /**
     * Whether the kept directory at depth {@code k} no longer stands under its name: its parent (if
     * kept) shows another directory there, or the parent is not kept and cannot vouch for it. One
     * {@code fstatat} and one {@code fstat}, paid only when something was missing below a kept
     * directory.
     */
    private boolean stale(List<String> parts, int k, Held kept) {
        Held parent = k == 1 ? acquireRootIfKept() : acquire(key(parts, k - 1));
        try {
            if (parent == null) {
                retire(key(parts, k), kept);
                return true;
            }
            Object now = parent.dir.getFileAttributeView(Path.of(parts.get(k - 1)), BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes().fileKey();
            Object mine = kept.dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            if (Objects.equals(now, mine)) {
                return false;
            }
        } catch (IOException | RuntimeException gone) {
            // the name is gone or unreadable: open it again by name to see
        } finally {
            if (parent != null) {
                release(parent);
            }
        }
        retire(key(parts, k), kept);
        return true;
    }

    /** Opens {@code parts[i]} in {@code dir}, a directory reached without a link; kept if the tree keeps. */
    private Held openChild(Held dir, List<String> parts, int i) throws IOException {
        Path name = Path.of(parts.get(i));
        String relative = key(parts, i + 1);
        BasicFileAttributes a;
        try {
            a = dir.dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(relative);
        }
        refuseUnlessDirectory(relative, a);
        SecureDirectoryStream<Path> sub;
        try {
            sub = dir.dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(relative);
        } catch (NotDirectoryException e) {
            throw notADirectory(relative);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            // O_NOFOLLOW refuses a link swapped in since the stat with ELOOP, which Java words as
            // "... symbolic link"; a directory still there had a failure of its own (EMFILE...)
            BasicFileAttributes now;
            try {
                now = dir.dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (IOException gone) {
                now = null;
            }
            if (now != null && !now.isDirectory() || Sysroot.isLoop(e)) {
                refuseUnlessDirectory(relative, now == null || now.isDirectory() ? null : now);
            }
            if (now == null) {
                throw new Refused(relative, relative + " changed while it was opened (" + e.getReason()
                        + "): not followed, refused");
            }
            throw e;
        }
        try {
            requireSameFileSystem(parts, i + 1, sub);
        } catch (IOException | RuntimeException e) {
            sub.close();
            throw e;
        }
        Held h = new Held(sub, !keep);
        if (keep) {
            keepHeld(relative, h);
        }
        return h;
    }

    /**
     * Refuses the directory {@code parts[0..n)}, just opened as {@code dir}, if the tree guards
     * mounts and it is a directory of {@code sys} on another file system than {@code sys} was on
     * when first opened. Its own {@code fstat}: what was opened is what is checked.
     *
     * @throws MountRefused naming the directory and the rule
     */
    void requireSameFileSystem(List<String> parts, int n, SecureDirectoryStream<Path> dir) throws IOException {
        if (!guardMounts || n == 0 || !parts.get(0).equals("sys")) {
            return;
        }
        long device = device(dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes());
        String relative = key(parts, n);
        long sys;
        synchronized (this) {
            if (sysDevice < 0 && n == 1) {
                // sys is first seen now (absent when the tree was opened): it is the reference
                // unless it is a mounted sysfs itself, which Sysroot refuses at the start too
                if (Sysroot.isSysfs(root.resolve("sys"))) {
                    throw new MountRefused(relative, mountRefusal(relative, "sysfs"));
                }
                sysDevice = device;
            }
            sys = sysDevice;
        }
        if (device != sys) {
            throw new MountRefused(relative, mountRefusal(relative, fileSystemType(relative)));
        }
    }

    private String mountRefusal(String relative, String type) {
        String what = relative.equals("sys") ? "sys is another file system (" + type + ") than when the tree was opened"
                : relative + " is a mount point (" + type + ", another file system than sys)";
        return what + " below the writable sysroot " + root + ": a --writable tree is written only as one copied"
                + " tree, never through a mount (it could be the running kernel's sysfs); refused, nothing was"
                + " written; unmount it, or copy the tree (cp -a) instead of mounting it";
    }

    /** The type of the file system {@code relative} is on, for a message; "unknown" when it cannot be told. */
    private String fileSystemType(String relative) {
        try {
            return Files.getFileStore(root.resolve(relative)).type();
        } catch (IOException | RuntimeException e) {
            return "type unknown";
        }
    }

    /**
     * The device a file is on ({@code st_dev}), from its file key: on Linux Java's
     * {@code (dev=HEX,ino=N)}. A Java whose key does not say it cannot tell a mount from a
     * directory: a tree that must guard mounts is then not written at all.
     */
    static long device(BasicFileAttributes a) throws IOException {
        Object key = a.fileKey();
        String text = key == null ? "" : key.toString();
        int at = text.indexOf("dev=");
        int end = at < 0 ? -1 : text.indexOf(',', at);
        if (end > at) {
            try {
                return Long.parseUnsignedLong(text.substring(at + 4, end), 16);
            } catch (NumberFormatException e) {
                // said below
            }
        }
        throw new RootUnusable("this Java runtime does not tell which file system a directory is on (file key '"
                + text + "'), so a writable tree cannot be kept from writing through a mount: sysplug writes"
                + " only on Linux's Java", null);
    }

    /** Refuses {@code a} unless it is a directory; null: it was a link when it was opened (ELOOP). */
    private void refuseUnlessDirectory(String relative, BasicFileAttributes a) throws FileSystemException {
        if (a == null || a.isSymbolicLink()) {
            throw new Sysroot.LinkRefusedException(relative, relative + " is a symbolic link: sysplug never follows a"
                    + " link below the sysroot " + root + " (it could lead out of the tree)");
        }
        if (!a.isDirectory()) {
            throw notADirectory(relative);
        }
    }

    private Refused notADirectory(String relative) {
        return new Refused(relative, relative + " is not a directory below the sysroot " + root);
    }

    static String key(List<String> parts, int n) {
        return n == parts.size() ? String.join("/", parts) : String.join("/", parts.subList(0, n));
    }

    // --- holding ---------------------------------------------------------------------------------

    /** An open directory and how many calls use it now; a retired one closes when the last lets go. */
    private static final class Held {
        final SecureDirectoryStream<Path> dir;
        final long opened = System.nanoTime();
        int users = 1;
        boolean retired;

        Held(SecureDirectoryStream<Path> dir, boolean retired) {
            this.dir = dir;
            this.retired = retired;
        }
    }

    private synchronized Held acquire(String relative) {
        Held h = held.get(relative);
        if (h == null) {
            return null;
        }
        if (System.nanoTime() - h.opened > reopenNanos) {
            held.remove(relative);
            retireLocked(h);
            return null;
        }
        h.users++;
        return h;
    }

    private synchronized void acquireAgain(Held h) {
        h.users++;
    }

    private Held acquireRoot() throws IOException {
        Held h = acquireRootIfKept();
        if (h != null) {
            return h;
        }
        // not kept (or closed): open by path, checked to be the same directory as at the start
        return new Held(openRoot(root, rootKey), true);
    }

    private synchronized Held acquireRootIfKept() {
        if (rootHeld == null) {
            return null;
        }
        rootHeld.users++;
        return rootHeld;
    }

    private synchronized void keepHeld(String relative, Held h) {
        if (closed) {
            h.retired = true;
            return;
        }
        h.users++; // the cache's own hold
        Held old = held.put(relative, h);
        if (old != null) {
            retireLocked(old);
        }
        if (held.size() > CAPACITY) {
            Iterator<Map.Entry<String, Held>> eldest = held.entrySet().iterator();
            Held e = eldest.next().getValue();
            eldest.remove();
            retireLocked(e);
        }
    }

    private synchronized void retire(String relative, Held h) {
        if (held.get(relative) == h) {
            held.remove(relative);
            retireLocked(h);
        }
    }

    /** Drops the cache's own hold on {@code h}; it closes when no call uses it. */
    private void retireLocked(Held h) {
        if (!h.retired) {
            h.retired = true;
            h.users--;
        }
        if (h.users == 0) {
            closeQuietly(h);
        }
    }

    private void release(Held h) {
        boolean close;
        synchronized (this) {
            h.users--;
            close = h.users == 0 && h.retired;
        }
        if (close) {
            closeQuietly(h);
        }
    }

    private static void closeQuietly(Held h) {
        try {
            h.dir.close();
        } catch (IOException ignored) {
            // a directory opened for reading: nothing is lost if its close fails
        }
    }

    /**
     * Lets go of the root and every kept directory (each closes once no call uses it). The tree
     * stays usable: later calls open what they need and close it again, as a tree that is not kept.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (rootHeld != null) {
            retireLocked(rootHeld);
            rootHeld = null;
        }
        for (Held h : held.values()) {
            retireLocked(h);
        }
        held.clear();
    }

    /** How many directories are open now (the root included): for tests of the holding rules. */
    synchronized int open() {
        int n = rootHeld != null ? 1 : 0;
        return n + held.size();
    }
}
