package org.sysplug.platform.linux.sysfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sysfs tree below a root directory (util-linux's {@code --sysroot}), read-only unless opened
 * with an {@link Access} that allows writing.
 *
 * <p>Rules: every path handed in is relative to the root, '/'-separated, without {@code ..},
 * without NUL and never absolute, so nothing can name a file outside the root. No symbolic link is
 * ever followed while reading: a path whose any component is a link counts as absent (a dangling
 * link and a link that loops are therefore simply absent). Listing a directory reports links as
 * {@link Kind#LINK} entries by name (util-linux derives e.g. a memory block's node from such a
 * name without following it). {@link #resolveLink} resolves a link lexically, inside the root
 * only, with a hop limit, so a loop gives an empty answer instead of a hang. Only regular files are
 * opened (a FIFO planted in a tree cannot block a read), and at most {@link #MAX_READ} bytes are
 * read.
 *
 * <p>Writing ({@link #write}) follows the same path rules and writes over the start of a regular
 * file that already exists (sysfs attributes are never created by writing); a read-only tree
 * refuses every write with {@link ReadOnlyException} before touching anything. A {@link
 * Access#WRITABLE} tree is a copy (a file-backed sysroot): its root may not be {@code /} nor hold
 * a mounted sysfs, so that a mistyped sysroot cannot reach the real kernel. Only {@link
 * Access#LIVE}, chosen on purpose, writes to the real {@code /sys}.
 */
public final class Sysroot {

    /** The most bytes {@link #readString} reads from one file (sysfs attributes are one page). */
    public static final int MAX_READ = 64 * 1024;
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

    /** One directory entry. */
    public record Entry(String name, Kind kind) {
    }

    /**
     * How long a directory found to be a real directory (no link on the way) is trusted without
     * being checked again: a request touching 8,192 blocks then checks each block's directory
     * once, not each of the six directories above it for every file. A directory that turns
     * into a link is noticed within this time; between a check and an open there is always such
     * a window, on a tree that only the kernel changes.
     */
    static final long DIRECTORY_TRUST_NANOS = 1_000_000_000L;
    static final int MAX_CHECKED_DIRECTORIES = 1 << 16;

    private final Path root;
    private final Access access;
    private final java.util.concurrent.ConcurrentHashMap<String, Long> checkedDirectories =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Sysroot(Path root, Access access) {
        this.root = root;
        this.access = access;
    }

    /**
     * The tree below {@code root}. The root itself is resolved once (it is the caller's choice);
     * nothing below it is.
     *
     * @throws IOException if the root is not a directory
     */
    public static Sysroot of(Path root) throws IOException {
        return of(root, Access.READ_ONLY);
    }

    /**
     * The tree below {@code root} with the given access.
     *
     * @throws IOException if the root is not a directory, or if {@link Access#WRITABLE} is asked
     *         for the real root or for a tree whose {@code sys} is a mounted sysfs (that is
     *         {@link Access#LIVE}, which must be chosen on purpose)
     */
    public static Sysroot of(Path root, Access access) throws IOException {
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
        return new Sysroot(real, access);
    }

    /** Whether {@code real} is the file-system root or holds a mounted sysfs at {@code sys}. */
    static boolean isKernelSysfs(Path real) {
        if (real.getParent() == null) {
            return true;
        }
        Path sys = real.resolve("sys");
        try {
            return Files.isDirectory(sys, LinkOption.NOFOLLOW_LINKS) && "sysfs".equals(Files.getFileStore(sys).type());
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
     * someone else writes (the running backend's) is given.
     */
    public Sysroot readOnly() {
        return access == Access.READ_ONLY ? this : new Sysroot(root, Access.READ_ONLY);
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
     * The path below the root that {@code relative} names. Empty components and {@code .} are
     * dropped; {@code ..}, NUL and absolute paths are refused.
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

    /** The kind of what {@code relative} names, links not followed; empty if absent. */
    public Optional<Kind> kind(String relative) {
        List<String> parts = split(relative);
        Path p = root;
        StringBuilder prefix = new StringBuilder();
        long now = System.nanoTime();
        for (int i = 0; i < parts.size(); i++) {
            p = p.resolve(parts.get(i));
            boolean last = i == parts.size() - 1;
            if (!last) {
                prefix.append(i == 0 ? "" : "/").append(parts.get(i));
                Long seen = checkedDirectories.get(prefix.toString());
                if (seen != null && now - seen < DIRECTORY_TRUST_NANOS) {
                    continue;
                }
            }
            Optional<BasicFileAttributes> a = attrs(p);
            if (a.isEmpty()) {
                return Optional.empty();
            }
            Kind k = kindOf(a.get());
            if (!last && k != Kind.DIR) {
                return Optional.empty(); // a link (or file) in the middle: never crossed
            }
            if (last) {
                return Optional.of(k);
            }
            if (checkedDirectories.size() > MAX_CHECKED_DIRECTORIES) {
                checkedDirectories.clear();
            }
            checkedDirectories.put(prefix.toString(), now);
        }
        return Optional.of(Kind.DIR); // the root itself
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
     * The content of a small text file, empty if absent (or reached only through a link, or not a
     * regular file).
     */
    public Optional<String> readString(String relative) throws IOException {
        if (!isFile(relative)) {
            return Optional.empty();
        }
        Path p = resolve(relative);
        try (InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] b = in.readNBytes(MAX_READ);
            return Optional.of(new String(b, StandardCharsets.UTF_8));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    /** The first line of a file without its line end (as util-linux's ul_path_read_string), or empty. */
    public Optional<String> readLine(String relative) throws IOException {
        return readString(relative).map(s -> {
            int nl = s.indexOf('\n');
            return nl >= 0 ? s.substring(0, nl) : s;
        });
    }

    /**
     * The entries of a directory sorted by name, empty if the directory is absent or reached only
     * through a link. Links are listed as {@link Kind#LINK} and never followed.
     */
    public List<Entry> list(String relative) throws IOException {
        if (!isDirectory(relative)) {
            return List.of();
        }
        Path dir = resolve(relative);
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                Optional<BasicFileAttributes> a = attrs(child);
                if (a.isPresent()) {
                    out.add(new Entry(child.getFileName().toString(), kindOf(a.get())));
                }
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        }
        out.sort((x, y) -> x.name().compareTo(y.name()));
        return Collections.unmodifiableList(out);
    }

    /**
     * Writes exactly {@code value} over the start of an existing regular file, as util-linux's
     * ul_path_write_string does: {@code open(O_WRONLY)} without {@code O_TRUNC}, no line end
     * added. On sysfs the attribute takes the whole string; on a file-backed copy a shorter value
     * leaves the old tail in place ({@code 0} over {@code 1\n} gives {@code 0\n}), which is what
     * util-linux's chcpu and chmem tests see. The path follows the read rules: no link is crossed,
     * nothing outside the root is named.
     *
     * @throws ReadOnlyException if the tree is read-only (nothing is written)
     * @throws NoSuchFileException if the file does not exist (or is reached through a link)
     * @throws IOException what the write gave (on a live kernel: EBUSY, EINVAL... as the message)
     */
    public void write(String relative, String value) throws IOException {
        Objects.requireNonNull(value, "value");
        Path p = resolve(relative);
        if (access == Access.READ_ONLY) {
            throw new ReadOnlyException("read-only sysroot " + root + ": not writing '" + value + "' to "
                    + relative + "; start sysplug with --writable (a copied tree) or --live (this machine) to change it");
        }
        if (!isWritableFile(relative, p)) {
            throw new NoSuchFileException(relative, null, "no such attribute below " + root);
        }
        ByteBuffer bytes = ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
        try (FileChannel out = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
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
     * @throws NoSuchFileException if the file does not exist (or is reached through a link)
     */
    public void replace(String relative, String content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path p = resolve(relative);
        if (access == Access.READ_ONLY) {
            throw new ReadOnlyException("read-only sysroot " + root + ": not writing " + relative
                    + "; start sysplug with --writable (a copied tree) to change it");
        }
        if (access == Access.LIVE) {
            throw new IllegalStateException("the live sysfs shows what the kernel makes of a write: " + relative
                    + " is written with write(), never replaced");
        }
        if (!isWritableFile(relative, p)) {
            throw new NoSuchFileException(relative, null, "no such attribute below " + root);
        }
        byte[] text = content.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.wrap(text);
        try (FileChannel out = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            // cut what is left of a longer old content after writing, not before (O_TRUNC): emptying
            // the file first frees its block, a journalled free on ext4 for each of thousands of writes
            if (out.size() > text.length) {
                out.truncate(text.length);
            }
        }
    }

    /**
     * Whether {@code relative} (already checked by {@link #resolve}, which gave {@code p}) is a
     * regular file reached without crossing a link. The fast way, for the thousands of writes of
     * one request: when its directory was checked within {@link #DIRECTORY_TRUST_NANOS}, only the
     * file itself is looked at; otherwise the whole path is walked as {@link #kind} does.
     */
    private boolean isWritableFile(String relative, Path p) {
        int slash = relative.lastIndexOf('/');
        if (slash > 0) {
            Long seen = checkedDirectories.get(relative.substring(0, slash));
            if (seen != null && System.nanoTime() - seen < DIRECTORY_TRUST_NANOS) {
                return attrs(p).map(a -> a.isRegularFile() && !a.isSymbolicLink()).orElse(false);
            }
        }
        return isFile(relative);
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

    /**
     * The names in a directory, sorted, without looking at what each is (no {@code lstat} per
     * entry: a poller lists thousands of entries every second); empty if the directory is absent
     * or reached only through a link.
     */
    public List<String> names(String relative) throws IOException {
        if (!isDirectory(relative)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(resolve(relative))) {
            for (Path child : ds) {
                out.add(child.getFileName().toString());
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        }
        Collections.sort(out);
        return Collections.unmodifiableList(out);
    }

    /** The target text of a link, or empty if {@code relative} is not a link. */
    public Optional<String> readLink(String relative) throws IOException {
        if (kind(relative).filter(k -> k == Kind.LINK).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Files.readSymbolicLink(resolve(relative)).toString());
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
            Path p = root;
            int linkAt = -1;
            for (int i = 0; i < current.size(); i++) {
                p = p.resolve(current.get(i));
                Optional<BasicFileAttributes> a = attrs(p);
                if (a.isEmpty()) {
                    return Optional.empty(); // dangling
                }
                if (a.get().isSymbolicLink()) {
                    linkAt = i;
                    break;
                }
                if (i < current.size() - 1 && !a.get().isDirectory()) {
                    return Optional.empty();
                }
            }
            if (linkAt < 0) {
                return Optional.of(String.join("/", current));
            }
            String target = Files.readSymbolicLink(p).toString();
            if (target.indexOf('\0') >= 0) {
                return Optional.empty();
            }
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

    private static Optional<BasicFileAttributes> attrs(Path p) {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

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
        return "Sysroot[" + root + (access == Access.READ_ONLY ? "" : ", " + access.name().toLowerCase(java.util.Locale.ROOT)) + "]";
    }
}
