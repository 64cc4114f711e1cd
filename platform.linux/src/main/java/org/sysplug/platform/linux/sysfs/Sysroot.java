package org.sysplug.platform.linux.sysfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A sysfs tree below a root directory (util-linux's {@code --sysroot}), read-only unless opened
 * with an {@link Access} that allows writing.
 *
 * <p>Rules: every path handed in is relative to the root, '/'-separated, without {@code ..},
 * without NUL and never absolute, so nothing can name a file outside the root. Every call reaches
 * its file from the root one name at a time, each directory opened relative to the one before it
 * without following a link ({@code openat} with {@code O_NOFOLLOW}), at the moment of the call:
 * no check made earlier is trusted, so a link swapped in for any directory on the way while the
 * tree is in use makes the call fail instead of leaving the tree. No symbolic link is ever
 * followed: a path whose any component is a link counts as absent for the plain reads (a dangling
 * link and a link that loops are therefore simply absent), {@link #readAttribute} says which
 * component it was, and a write through one fails with {@link LinkRefusedException}. Listing a
 * directory reports links as {@link Kind#LINK} entries by name (util-linux derives e.g. a memory
 * block's node from such a name without following it). {@link #resolveLink} resolves a link
 * lexically, inside the root only, with a hop limit, so a loop gives an empty answer instead of a
 * hang. Only regular files are opened, each looked at first in the same directory ({@code
 * fstatat}) so that a FIFO planted in a tree cannot block a read, and at most {@link #MAX_READ}
 * bytes are read. A file that exists but cannot be read (permissions, an I/O error, a directory
 * where a file should be) reads as absent, as util-linux takes a failed read; {@link
 * #readAttribute} gives the reason.
 *
 * <p>Writing ({@link #write}, {@link #replace}) follows the same rules and writes to a regular
 * file that already exists (sysfs attributes are never created by writing); a read-only tree
 * refuses every write with {@link ReadOnlyException} before touching anything. A {@link
 * Access#WRITABLE} tree is a copy (a file-backed sysroot): its root may not be {@code /} nor hold
 * a mounted sysfs, and no directory or file below its {@code sys} may be on another file system
 * than {@code sys} (a mount, checked at every step of every walk and write: a bind-mounted
 * {@code sys/devices} would otherwise take writes to the kernel), so that a mistyped sysroot
 * cannot reach the real kernel. A {@link #readOnly} view of such a tree shares its walk, and so
 * its refusals; a read-only tree reads through mounts, since it changes nothing. Only {@link
 * Access#LIVE}, chosen on purpose, writes to the real {@code /sys}.
 *
 * <p>A tree made with {@link #of} holds nothing open between calls; one made with {@link #open}
 * holds its root and the directories it used last open until {@link #close()}, which is what
 * makes thousands of writes cheap. The walk needs Java's {@link SecureDirectoryStream} (Linux's
 * Java has it); where it is missing, no tree is opened at all rather than walked the unsafe way.
 */
public final class Sysroot implements Closeable {

    /** The most bytes {@link #readString} reads from one file (sysfs attributes are one page). */
    public static final int MAX_READ = 64 * 1024;
    /**
     * The buffer a read starts with, grown four times over as a file fills it: most attributes are
     * a word, and reading a large tree reads tens of thousands of them (a page each, what a sysfs
     * attribute holds at most, was 300 MB to allocate and clear for 16,384 blocks).
     */
    static final int FIRST_READ = 256;
    /** As the kernel's MAXSYMLINKS: more hops than this is a loop. */
    static final int MAX_HOPS = 40;

    /** What a directory entry is, seen without following links. */
    public enum Kind { FILE, DIR, LINK, OTHER }

    /** Whether and how the tree may be written. */
    public enum Access {
        /** Reads only: every write is refused. The default. */
        READ_ONLY,
        /** A file-backed copy of a tree: writes go to its files; the real {@code /sys} is refused. */
        WRITABLE,
        /** The running kernel's sysfs: writes change the machine. Only on purpose. */
        LIVE
    }

    /** A write refused because the tree is read-only; nothing was written. */
    public static final class ReadOnlyException extends IOException {
        private static final long serialVersionUID = 1L;

        ReadOnlyException(String message) {
            super(message);
        }
    }

    /**
     * A write refused because a component of its path is a symbolic link, which sysplug never
     * follows below a sysroot (it could lead out of the tree); nothing was written.
     * {@link #getFile()} is the link's path relative to the root.
     */
    public static final class LinkRefusedException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        LinkRefusedException(String link, String reason) {
            super(link, null, reason);
        }

        @Override
        public String getMessage() {
            return getReason();
        }
    }

    /** One directory entry. */
    public record Entry(String name, Kind kind) {
    }

    /**
     * One attribute file as read: its text (the first {@link #MAX_READ} bytes, as UTF-8), or why
     * there is none. Absent (no such file): neither text nor reason. Present but not readable: the
     * reason names the file or the component on the way and what is wrong with it (a symbolic
     * link, a directory or a FIFO where the file should be, a permission or I/O error).
     *
     * @param path the path relative to the root
     * @param text the content, when it could be read
     * @param unreadable why a file that is there could not be read
     */
    public record Attribute(String path, Optional<String> text, Optional<String> unreadable) {

        static Attribute absent(String path) {
            return new Attribute(path, Optional.empty(), Optional.empty());
        }

        static Attribute unreadable(String path, String reason) {
            return new Attribute(path, Optional.empty(), Optional.of(reason));
        }

        /** Whether there is no such file (as opposed to one that cannot be read). */
        public boolean absent() {
            return text.isEmpty() && unreadable.isEmpty();
        }

        /** The first line without its line end, as {@link Sysroot#readLine}. */
        public Optional<String> line() {
            return text.map(Sysroot::firstLine);
        }
    }

    private final Path root;
    private final Access access;
    private final TreeDirectories directories;
    /** Whether {@link #close} lets go of the directories: false for a {@link #readOnly} view of another tree. */
    private final boolean owner;

    private Sysroot(Path root, Access access, TreeDirectories directories, boolean owner) {
        this.root = root;
        this.access = access;
        this.directories = directories;
        this.owner = owner;
    }

    /**
     * The tree below {@code root}, read-only. It holds nothing open between calls.
     *
     * @throws IOException if the root is not a directory
     */
    public static Sysroot of(Path root) throws IOException {
        return of(root, Access.READ_ONLY);
    }

    /**
     * The tree below {@code root} with the given access, holding nothing open between calls: every
     * call opens the directories it walks through and closes them before it returns. For a tree
     * read or written once (a command); see {@link #open} for one used for long.
     *
     * @throws IOException if the root is not a directory, if {@link Access#WRITABLE} is asked
     *         for the real root or for a tree whose {@code sys} is a mounted sysfs (that is
     *         {@link Access#LIVE}, which must be chosen on purpose) or that has a mount on the way
     *         to its devices ({@code sys/devices/system/memory}...), or if this platform cannot
     *         walk a tree without following links
     */
    public static Sysroot of(Path root, Access access) throws IOException {
        return create(root, access, false);
    }

    /**
     * The tree below {@code root} with the given access, holding its root and the directories it
     * used last open until {@link #close()}: what a backend that writes thousands of attributes
     * uses. An open directory is the directory itself, not a path, so holding it keeps every rule
     * of the class (see {@link #write}).
     *
     * @throws IOException as {@link #of(Path, Access)}
     */
    public static Sysroot open(Path root, Access access) throws IOException {
        return create(root, access, true, TreeDirectories.REOPEN_NANOS);
    }

    /** As {@link #open(Path, Access)}, each kept directory opened again by name after {@code reopenNanos}: for tests. */
    static Sysroot open(Path root, Access access, long reopenNanos) throws IOException {
        return create(root, access, true, reopenNanos);
    }

    private static Sysroot create(Path root, Access access, boolean keep) throws IOException {
        return create(root, access, keep, TreeDirectories.REOPEN_NANOS);
    }

    private static Sysroot create(Path root, Access access, boolean keep, long reopenNanos) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(access, "access");
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IOException("sysroot is not a directory: " + root);
        }
        if (access == Access.WRITABLE && isKernelSysfs(real)) {
            throw new IOException("sysroot " + root + " is the running kernel's sysfs, not a copy: "
                    + "refusing to write to it; give a copied tree, or start live on purpose (--live)");
        }
        // the root is the caller's choice, resolved once; from here on nothing below it is
        // reached but through TreeDirectories, one name at a time, links never followed, and in a
        // writable tree never into another file system below sys
        boolean guard = access == Access.WRITABLE;
        TreeDirectories directories = TreeDirectories.of(real, keep, reopenNanos, guard);
        if (guard) {
            try {
                refuseMountsOnTheSpine(directories);
            } catch (IOException | RuntimeException e) {
                directories.close();
                throw e;
            }
        }
        return new Sysroot(real, access, directories, true);
    }

    /** The directories every device is found below: a mount on one of them refuses the tree at once. */
    static final List<String> SPINE = List.of("sys/devices/system/cpu", "sys/devices/system/memory",
            "sys/devices/system/node", "sys/bus/acpi/devices", "sys/firmware/acpi/hotplug");

    /**
     * Refuses a writable tree with a mount on the way to its devices when it is opened, in one
     * line, rather than at its first write: the walk refuses such a directory at every step anyway
     * (a mount can appear later, or deeper).
     */
    private static void refuseMountsOnTheSpine(TreeDirectories directories) throws IOException {
        for (String path : SPINE) {
            List<String> parts = split(path);
            try {
                directories.in(parts, parts.size(), dir -> null);
            } catch (TreeDirectories.MountRefused e) {
                throw new IOException(e.getReason(), e);
            } catch (IOException absentOrUnreadable) {
                // not there or not readable: the readers say so, device by device
            }
        }
    }

    /** Whether {@code real} is the file-system root or holds a mounted sysfs at {@code sys}. */
    static boolean isKernelSysfs(Path real) {
        return real.getParent() == null || isSysfs(real.resolve("sys"));
    }

    /** Whether {@code dir} is a directory (not a link) on a sysfs. */
    static boolean isSysfs(Path dir) {
        try {
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && "sysfs".equals(Files.getFileStore(dir).type());
        } catch (IOException e) {
            return false;
        }
    }

    public Path root() {
        return root;
    }

    public Access access() {
        return access;
    }

    /**
     * This tree with reads only: the same root, every write refused. What a view of a tree that
     * someone else writes (the running backend's) is given. It uses this tree's open directories;
     * closing it lets go of nothing.
     */
    public Sysroot readOnly() {
        return new Sysroot(root, Access.READ_ONLY, directories, false);
    }

    /** Whether {@link #write} may change files. */
    public boolean writable() {
        return access != Access.READ_ONLY;
    }

    /**
     * Checks one name (a device or directory entry name such as {@code memory12}): not empty,
     * no '/', no NUL, not {@code .} or {@code ..}.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static String requireName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
                || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid name: " + printable(name));
        }
        return name;
    }

    /**
     * The path below the root that {@code relative} names, for messages. Empty components and
     * {@code .} are dropped; {@code ..}, NUL and absolute paths are refused. Nothing is opened
     * through it: every read and write walks the tree from its root.
     *
     * @throws IllegalArgumentException for a path that could leave the root
     */
    public Path resolve(String relative) {
        List<String> parts = split(relative);
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        if (!p.normalize().startsWith(root)) { // cannot happen after split(), kept as a guard
            throw new IllegalArgumentException("path escapes the sysroot: " + printable(relative));
        }
        return p;
    }

    private static List<String> split(String relative) {
        if (relative == null) {
            throw new IllegalArgumentException("path is null");
        }
        if (relative.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains NUL: " + printable(relative));
        }
        if (relative.startsWith("/") || relative.startsWith("\\") || Path.of(relative.isEmpty() ? "." : relative).isAbsolute()) {
            throw new IllegalArgumentException("absolute path refused: " + printable(relative));
        }
        List<String> parts = new ArrayList<>();
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("'..' refused: " + printable(relative));
            }
            parts.add(part);
        }
        return parts;
    }

    // --- reading ---------------------------------------------------------------------------------

    /** The kind of what {@code relative} names, links not followed; empty if absent or reached only through a link. */
    public Optional<Kind> kind(String relative) {
        List<String> parts = split(relative);
        if (parts.isEmpty()) {
            return Optional.of(Kind.DIR); // the root itself
        }
        String name = parts.get(parts.size() - 1);
        try {
            return Optional.of(directories.in(parts, parts.size() - 1, dir -> kindOf(stat(dir, name))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code relative} is a regular file reached without crossing any link. */
    public boolean isFile(String relative) {
        return kind(relative).filter(k -> k == Kind.FILE).isPresent();
    }

    /** Whether {@code relative} is a directory reached without crossing any link. */
    public boolean isDirectory(String relative) {
        return kind(relative).filter(k -> k == Kind.DIR).isPresent();
    }

    /**
     * The content of a small text file, empty if absent, reached only through a link, not a
     * regular file, or not readable ({@link #readAttribute} says why).
     *
     * @throws IOException if the sysroot itself can no longer be opened
     */
    public Optional<String> readString(String relative) throws IOException {
        return readAttribute(relative).text();
    }

    /** The first line of a file without its line end (as util-linux's ul_path_read_string), or empty. */
    public Optional<String> readLine(String relative) throws IOException {
        return readString(relative).map(Sysroot::firstLine);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }

    /**
     * One attribute file: its text, or whether it is absent or present but unreadable, and why.
     *
     * @throws IOException if the sysroot itself can no longer be opened
     */
    public Attribute readAttribute(String relative) throws IOException {
        List<String> parts = split(relative);
        String path = String.join("/", parts);
        if (parts.isEmpty()) {
            return Attribute.unreadable(path, "the sysroot " + root + " itself is a directory, not an attribute file");
        }
        String name = parts.get(parts.size() - 1);
        try {
            return directories.in(parts, parts.size() - 1, dir -> readIn(dir, path, name));
        } catch (TreeDirectories.RootUnusable e) {
            throw e;
        } catch (NoSuchFileException e) {
            return Attribute.absent(path);
        } catch (IOException e) {
            return Attribute.unreadable(path, reason(e));
        }
    }

    /** Reads {@code name} in {@code dir}; absent: NoSuchFileException, so that a kept directory gone stale is noticed. */
    private Attribute readIn(SecureDirectoryStream<Path> dir, String path, String name) throws NoSuchFileException {
        BasicFileAttributes a;
        try {
            a = stat(dir, name);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            return Attribute.unreadable(path, path + " cannot be read: " + reason(e));
        }
        if (!a.isRegularFile()) {
            return Attribute.unreadable(path, path + " is " + describe(a) + ", not an attribute file: not opened");
        }
        // a word's room first, more only for a file that fills it (a page holds every sysfs attribute)
        ByteBuffer buffer = ByteBuffer.allocate(FIRST_READ);
        try (SeekableByteChannel in = dir.newByteChannel(Path.of(name), READ)) {
            while (true) {
                if (!buffer.hasRemaining()) {
                    if (buffer.capacity() == MAX_READ) {
                        break; // at most MAX_READ bytes
                    }
                    buffer = ByteBuffer.allocate(Math.min(MAX_READ, buffer.capacity() * 4)).put(buffer.flip());
                }
                int asked = buffer.remaining();
                if (in.read(buffer) < asked) {
                    // the end: a regular file gives less than asked only there, and sysfs gives an
                    // attribute whole in one read; a read to see -1 was a system call per file more
                    break;
                }
            }
        } catch (NoSuchFileException gone) {
            throw gone;
        } catch (IOException e) {
            return Attribute.unreadable(path, path + " cannot be read: " + reason(e));
        }
        return new Attribute(path, Optional.of(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)),
                Optional.empty());
    }

    /**
     * Runs {@code action} over the entries of the directory {@code parts}: reached as every file
     * is, the directory itself opened afresh by name (so a listing is never of a directory that was
     * removed since it was last used), links never followed.
     */
    private void entries(List<String> parts, DirectoryAction action) throws IOException {
        int n = parts.size();
        directories.in(parts, Math.max(0, n - 1), parent -> {
            Path name = HERE;
            if (n > 0) {
                name = Path.of(parts.get(n - 1));
                if (!stat(parent, parts.get(n - 1)).isDirectory()) {
                    return null; // a link or a file: nothing to list
                }
            }
            try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                directories.requireSameFileSystem(parts, n, dir);
                action.over(dir);
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface DirectoryAction {
        void over(SecureDirectoryStream<Path> dir) throws IOException;
    }

    /**
     * The entries of a directory sorted by name, empty if the directory is absent, reached only
     * through a link, or not readable. Links are listed as {@link Kind#LINK} and never followed.
     *
     * @throws IOException if the sysroot itself can no longer be opened
     */
    public List<Entry> list(String relative) throws IOException {
        List<String> parts = split(relative);
        List<Entry> out = new ArrayList<>();
        try {
            entries(parts, dir -> {
                for (Path child : dir) {
                    String name = child.getFileName().toString();
                    try {
                        out.add(new Entry(name, kindOf(stat(dir, name))));
                    } catch (IOException gone) {
                        // removed while listed: not an entry any more
                    }
                }
            });
        } catch (TreeDirectories.RootUnusable e) {
            throw e;
        } catch (IOException e) {
            return List.of();
        }
        out.sort((x, y) -> x.name().compareTo(y.name()));
        return Collections.unmodifiableList(out);
    }

    /**
     * The names in a directory, sorted, without looking at what each is (no {@code lstat} per
     * entry: a poller lists thousands of entries every second); empty if the directory is absent,
     * reached only through a link, or not readable.
     *
     * @throws IOException if the sysroot itself can no longer be opened
     */
    public List<String> names(String relative) throws IOException {
        List<String> parts = split(relative);
        List<String> out = new ArrayList<>();
        try {
            entries(parts, dir -> {
                for (Path child : dir) {
                    out.add(child.getFileName().toString());
                }
            });
        } catch (TreeDirectories.RootUnusable e) {
            throw e;
        } catch (IOException e) {
            return List.of();
        }
        Collections.sort(out);
        return Collections.unmodifiableList(out);
    }

    // --- writing ---------------------------------------------------------------------------------

    /**
     * Writes exactly {@code value} over the start of an existing regular file, as util-linux's
     * ul_path_write_string does: {@code open(O_WRONLY)} without {@code O_TRUNC}, no line end
     * added. On sysfs the attribute takes the whole string; on a file-backed copy a shorter value
     * leaves the old tail in place ({@code 0} over {@code 1\n} gives {@code 0\n}), which is what
     * util-linux's chcpu and chmem tests see ({@link #replace} writes a copy's file whole). The
     * file is reached as every read is, from the root without following a link, at the moment of
     * the write, and checked to be a regular file before it is opened, in the directory it is in.
     *
     * @throws ReadOnlyException if the tree is read-only (nothing is written)
     * @throws NoSuchFileException if the file does not exist
     * @throws LinkRefusedException if the file or a directory on its path is a symbolic link
     * @throws IOException what the write gave (on a live kernel: EBUSY, EINVAL... as the message),
     *         or a file that is not a regular file (nothing is written)
     */
    public void write(String relative, String value) throws IOException {
        Objects.requireNonNull(value, "value");
        List<String> parts = split(relative);
        if (access == Access.READ_ONLY) {
            throw new ReadOnlyException("read-only sysroot " + root + ": not writing '" + value + "' to "
                    + relative + "; start sysplug with --writable (a copied tree) or --live (this machine) to change it");
        }
        writeIn(parts, value.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * Replaces the whole content of an existing regular file of a {@link Access#WRITABLE} tree:
     * what a kernel shows in a sysfs attribute after it was written ({@code online\n} in
     * {@code memoryN/state} after {@code online_movable}), so that a file-backed tree reads, after
     * any sequence of changes, as a kernel's sysfs would. Same path rules as {@link #write}.
     * Only for copies: a live sysfs attribute takes the ABI string through {@link #write} and
     * shows whatever the kernel makes of it.
     *
     * @throws ReadOnlyException if the tree is read-only (nothing is written)
     * @throws IllegalStateException on a {@link Access#LIVE} tree
     * @throws NoSuchFileException if the file does not exist
     * @throws LinkRefusedException if the file or a directory on its path is a symbolic link
     */
    public void replace(String relative, String content) throws IOException {
        Objects.requireNonNull(content, "content");
        List<String> parts = split(relative);
        if (access == Access.READ_ONLY) {
            throw new ReadOnlyException("read-only sysroot " + root + ": not writing " + relative
                    + "; start sysplug with --writable (a copied tree) to change it");
        }
        if (access == Access.LIVE) {
            throw new IllegalStateException("the live sysfs shows what the kernel makes of a write: " + relative
                    + " is written with write(), never replaced");
        }
        writeIn(parts, content.getBytes(StandardCharsets.UTF_8), true);
    }

    private void writeIn(List<String> parts, byte[] text, boolean whole) throws IOException {
        String path = String.join("/", parts);
        if (parts.isEmpty()) {
            throw new NoSuchFileException(path, null, "no such attribute below " + root);
        }
        String name = parts.get(parts.size() - 1);
        try {
            directories.in(parts, parts.size() - 1, dir -> {
                writeFile(dir, path, name, text, whole);
                return null;
            });
        } catch (LinkRefusedException e) {
            throw new LinkRefusedException(e.getFile(), e.getReason() + "; nothing was written to " + path);
        } catch (TreeDirectories.MountRefused e) {
            throw e; // says already that nothing was written
        } catch (TreeDirectories.Refused e) {
            throw new TreeDirectories.Refused(path, e.getReason() + "; nothing was written to " + path);
        } catch (NoSuchFileException e) {
            String missing = e.getFile();
            throw new NoSuchFileException(path, null, "no such attribute below " + root
                    + (missing == null || missing.equals(path) ? "" : " (" + missing + " is absent)"));
        }
    }

    private void writeFile(SecureDirectoryStream<Path> dir, String path, String name, byte[] text, boolean whole)
            throws IOException {
        BasicFileAttributes a;
        try {
            a = stat(dir, name);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path);
        }
        if (a.isSymbolicLink()) {
            throw linkRefused(path);
        }
        if (!a.isRegularFile()) {
            throw new TreeDirectories.Refused(path, path + " is " + describe(a) + ", not an attribute file");
        }
        if (access == Access.WRITABLE && TreeDirectories.device(a) != TreeDirectories.device(
                dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes())) {
            // a file bind-mounted over the copy's (a kernel attribute, say): its own fstatat shows the
            // mount's device. Mounting takes root, so this is against a mistake, not a race.
            throw new TreeDirectories.MountRefused(path, path + " is a mount point (a file of another file system)"
                    + " below the writable sysroot " + root + ": a --writable tree is written only as one copied tree,"
                    + " never through a mount (it could be the running kernel's sysfs); refused, nothing was written;"
                    + " unmount it, or copy the tree (cp -a) instead of mounting it");
        }
        ByteBuffer bytes = ByteBuffer.wrap(text);
        if (whole && a.size() > text.length) {
            // shorter than what is there: written whole into a new file renamed over the old one, so
            // that a process killed at any moment leaves the old content or the new, never the new
            // followed by the old one's tail ("online\n\n"), which a write-then-truncate left
            replaceByRename(dir, name, a instanceof PosixFileAttributes p ? p.permissions() : null, bytes);
            return;
        }
        try (SeekableByteChannel out = dir.newByteChannel(Path.of(name), WRITE)) {
            // as long as the old content or longer: one write covers it all, which a killed process
            // either made or did not (a write to a regular file is not cut by a signal)
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            // swapped since the stat: O_NOFOLLOW refuses a link (ELOOP); say what stands there, or
            // that it changed under the write; a regular file still there had a failure of its own
            BasicFileAttributes now;
            try {
                now = stat(dir, name);
            } catch (IOException gone) {
                now = null;
            }
            if (isLoop(e) || now != null && now.isSymbolicLink()) {
                throw linkRefused(path);
            }
            if (now != null && now.isRegularFile()) {
                throw e;
            }
            throw new TreeDirectories.Refused(path, path + " changed while it was opened (" + e.getReason()
                    + "): not followed, refused");
        }
    }

    /** The name a shorter content is written under before it is renamed over {@code name}. */
    static String replacementName(String name) {
        return ".sysplug-" + name + ".new";
    }

    private static void replaceByRename(SecureDirectoryStream<Path> dir, String name, Set<PosixFilePermission> mode,
            ByteBuffer bytes) throws IOException {
        Path target = Path.of(name);
        Path fresh = Path.of(replacementName(name));
        FileAttribute<?>[] created = mode == null ? new FileAttribute<?>[0]
                : new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(mode) };
        SeekableByteChannel opened;
        try {
            opened = dir.newByteChannel(fresh, CREATE_WRITE, created);
        } catch (FileAlreadyExistsException e) {
            // left by a process killed before its rename: removed itself (unlinkat never follows)
            dir.deleteFile(fresh);
            opened = dir.newByteChannel(fresh, CREATE_WRITE, created);
        }
        try (SeekableByteChannel out = opened) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
        if (mode != null && !Collections.disjoint(mode, UMASKED)) {
            // the creation mode went through the umask, which takes group and other write away
            dir.getFileAttributeView(fresh, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(mode);
        }
        try {
            // renameat within one directory: atomic, and it replaces a link itself, never its target
            dir.move(fresh, dir, target);
        } catch (IOException e) {
            try {
                dir.deleteFile(fresh);
            } catch (IOException ignored) {
                // the rename's failure is the one to report
            }
            throw e;
        }
    }

    private LinkRefusedException linkRefused(String path) {
        return new LinkRefusedException(path, path + " is a symbolic link: sysplug never follows a link below the sysroot "
                + root + " (it could lead out of the tree)");
    }

    /**
     * Whether an open failed with ELOOP: {@code O_NOFOLLOW} met a link. Java words ELOOP as
     * "Too many levels of symbolic links or unable to access attributes of symbolic link".
     */
    static boolean isLoop(FileSystemException e) {
        return e.getReason() != null && e.getReason().contains("symbolic link");
    }

    /**
     * Refuses a change up front on a read-only tree, before a tool has changed anything: a tool
     * that would write calls this first, so that a read-only tree gives one clear refusal instead
     * of one failure per device.
     *
     * @param change what the caller was about to do ({@code disabling CPUs})
     * @throws ReadOnlyException if the tree is read-only
     */
    public void requireWritable(String change) throws ReadOnlyException {
        if (access == Access.READ_ONLY) {
            throw new ReadOnlyException("read-only sysroot " + root + ": " + change + " refused, nothing was changed;"
                    + " open a copied tree writable (--writable) or this machine live (--live) to change it");
        }
    }

    // --- links -----------------------------------------------------------------------------------

    /**
     * The target text of a link, or empty if {@code relative} is not a link. The link is found as
     * every file is; its text is then read by path, which is harmless even if the tree changed in
     * between: only the text is read, never what it leads to, and {@link #resolveLink} uses it
     * lexically, inside the root only.
     */
    public Optional<String> readLink(String relative) throws IOException {
        if (kind(relative).filter(k -> k == Kind.LINK).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readSymbolicLink(resolve(relative)).toString());
        } catch (IOException | UnsupportedOperationException changed) {
            return Optional.empty();
        }
    }

    /**
     * Where a link leads, as a path relative to the root, resolved lexically and hop by hop: empty
     * if it dangles, loops (more than {@value #MAX_HOPS} hops), or would leave the root. Absolute
     * targets are taken as below the root (as the kernel's links would be on the live system).
     */
    public Optional<String> resolveLink(String relative) throws IOException {
        List<String> current = new ArrayList<>(split(relative));
        for (int hops = 0; hops <= MAX_HOPS; hops++) {
            // find the first link component along the path
            int linkAt = -1;
            for (int i = 0; i < current.size(); i++) {
                Optional<Kind> k = kind(String.join("/", current.subList(0, i + 1)));
                if (k.isEmpty()) {
                    return Optional.empty(); // dangling
                }
                if (k.get() == Kind.LINK) {
                    linkAt = i;
                    break;
                }
                if (i < current.size() - 1 && k.get() != Kind.DIR) {
                    return Optional.empty();
                }
            }
            if (linkAt < 0) {
                return Optional.of(String.join("/", current));
            }
            Optional<String> link = readLink(String.join("/", current.subList(0, linkAt + 1)));
            if (link.isEmpty() || link.get().indexOf('\0') >= 0) {
                return Optional.empty();
            }
            String target = link.get();
            List<String> next = new ArrayList<>();
            if (!target.startsWith("/")) {
                next.addAll(current.subList(0, linkAt));
            }
            for (String part : target.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (next.isEmpty()) {
                        return Optional.empty(); // would leave the root
                    }
                    next.remove(next.size() - 1);
                } else {
                    next.add(part);
                }
            }
            next.addAll(current.subList(linkAt + 1, current.size()));
            current = next;
        }
        return Optional.empty(); // loop
    }

    /** How many directories this tree holds open now, its root included: for tests of the holding rules. */
    int openDirectories() {
        return directories.open();
    }

    /**
     * Lets go of the directories this tree holds open (a tree made with {@link #open}); nothing
     * for one made with {@link #of} or a {@link #readOnly} view. The tree stays usable: later calls
     * open what they walk through and close it again before they return.
     */
    @Override
    public void close() {
        if (owner) {
            directories.close();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static final Path HERE = Path.of(".");
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> WRITE = Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    /** A new file only (O_CREAT|O_EXCL): never opens what stands there already, a FIFO or a link. */
    private static final Set<OpenOption> CREATE_WRITE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
            LinkOption.NOFOLLOW_LINKS);

    /** What {@code name} in {@code dir} is, without following a link ({@code fstatat(AT_SYMLINK_NOFOLLOW)}). */
    /** The file's attributes, POSIX ones where the file system has them (the same fstatat). */
    private static BasicFileAttributes stat(SecureDirectoryStream<Path> dir, String name) throws IOException {
        PosixFileAttributeView posix = dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (posix != null) {
            return posix.readAttributes();
        }
        return dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }

    /** The bits a usual umask (022) takes from a created file's mode. */
    private static final Set<PosixFilePermission> UMASKED = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private static Kind kindOf(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return Kind.LINK;
        }
        if (a.isDirectory()) {
            return Kind.DIR;
        }
        if (a.isRegularFile()) {
            return Kind.FILE;
        }
        return Kind.OTHER;
    }

    private static String describe(BasicFileAttributes a) {
        return a.isSymbolicLink() ? "a symbolic link (never followed)"
                : a.isDirectory() ? "a directory"
                : "a FIFO, socket or device file";
    }

    /** The words of an I/O error without a Java class name: strerror's words where there are some. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied"; // Java gives EACCES no words of its own
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return "'" + b + "'";
    }

    @Override
    public String toString() {
        return "Sysroot[" + root + (access == Access.READ_ONLY ? "" : ", " + access.name().toLowerCase(Locale.ROOT)) + "]";
    }
}
