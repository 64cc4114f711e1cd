package org.sysplug.frontend.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Mounting the tree at {@code DIR/sys} and taking it away again: what must be there first, a mount
 * a killed sysplug left behind, and the unmount.
 */
final class SysfsMount {

    /** What {@code DIR/proc/cpuinfo} holds when sysplug writes it. */
    static final String CPUINFO = "vendor_id\t: sysplug\n";

    /** How long libfuse may take to mount before the front-end gives up. */
    static final long MOUNT_TIMEOUT_MS = 15_000;

    private final Path mountPoint;
    private final SysfsFs fs;
    private Thread loop;

    private SysfsMount(Path mountPoint, SysfsFs fs) {
        this.mountPoint = mountPoint;
        this.fs = fs;
    }

    Path mountPoint() {
        return mountPoint;
    }

    /** Where {@code --serve-sysfs DIR} mounts: {@code DIR/sys}, absolute and normalised. */
    static Path mountPoint(String dir) {
        return Path.of(dir).toAbsolutePath().normalize().resolve("sys");
    }

    /**
     * What keeps this machine from serving a FUSE tree, in one line with the fix, or null: the
     * {@code /dev/fuse} device, libfuse 2 (what jnr-fuse calls) and {@code fusermount} (the unmount).
     */
    static String missing() {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return "/dev/fuse is missing: load the fuse module (modprobe fuse), or give the container the device "
                    + "(docker run --device /dev/fuse --cap-add SYS_ADMIN)";
        }
        if (onPath("fusermount") == null && onPath("fusermount3") == null) {
            return "fusermount is missing: install FUSE's tools (Debian: apt-get install fuse3)";
        }
        if (List.of("/lib/x86_64-linux-gnu/libfuse.so.2", "/usr/lib/x86_64-linux-gnu/libfuse.so.2",
                "/lib/aarch64-linux-gnu/libfuse.so.2", "/usr/lib/aarch64-linux-gnu/libfuse.so.2", "/usr/lib64/libfuse.so.2",
                "/usr/lib/libfuse.so.2", "/lib64/libfuse.so.2").stream().noneMatch(p -> Files.exists(Path.of(p)))) {
            return "libfuse.so.2 is missing: install FUSE 2's library (Debian: apt-get install libfuse2)";
        }
        return null;
    }

    private static Path onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        for (String dir : (path + ":/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program);
            }
        }
        return null;
    }

    /**
     * Refuses a mount point that would hide the real {@code /sys} (sysplug never writes there, and
     * never covers it), makes the directory, and unmounts a FUSE mount a killed sysplug left on it.
     *
     * @throws IOException in one line naming the directory and what to do
     */
    static void prepare(Path mountPoint) throws IOException {
        Path dir = mountPoint.getParent();
        Path real = realPath(dir);
        if (real.resolve("sys").equals(Path.of("/sys"))) {
            throw new IOException("--serve-sysfs " + dir + " would mount over the real /sys: "
                    + "give another directory (the tree is served at DIR/sys)");
        }
        // a directory made in sysfs or procfs is the running kernel's (in /sys/fs/cgroup, a new cgroup):
        // nothing is made there, before anything else is done
        for (Path kernel : KERNEL_TREES) {
            if (real.startsWith(kernel)) {
                throw new IOException("--serve-sysfs " + dir + " is inside " + kernel + ", the running kernel's own files: "
                        + "give a directory outside /sys and /proc (the tree is served at DIR/sys)");
            }
        }
        directories(dir);
        // a link at DIR/sys would take the mount wherever it points (to /sys, say): only a directory will do
        if (Files.isSymbolicLink(mountPoint)) {
            throw new IOException(mountPoint + " is a symbolic link (to " + Files.readSymbolicLink(mountPoint)
                    + "): the tree is mounted only on a directory; remove the link or give another DIR");
        }
        if (Files.isRegularFile(mountPoint, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(mountPoint + " is a file, not a directory: remove it or give another DIR");
        }
        // mountinfo holds the path without links: DIR given through a link must be compared as it resolves
        Path mounted = dir.toRealPath().resolve("sys");
        if (mounted(mounted)) {
            try {
                Files.readAttributes(mounted, "basic:isDirectory", LinkOption.NOFOLLOW_LINKS);
                throw new IOException(mountPoint + " is already mounted (another sysplug serving it?): stop it, "
                        + "or unmount it with fusermount -u " + mounted);
            } catch (FileSystemException e) {
                // ENOTCONN: a FUSE mount whose process is gone (kill -9): take it away
                unmount(mounted);
                if (mounted(mounted)) {
                    throw new IOException(mountPoint + " holds a stale mount that could not be unmounted: "
                            + "run fusermount -u -z " + mounted);
                }
            }
        }
        directories(mountPoint);
        // libfuse refuses a non-empty mount point with lines of its own: say it first, in one
        try (java.util.stream.Stream<Path> in = Files.list(mountPoint)) {
            if (in.findAny().isPresent()) {
                throw new IOException(mountPoint + " is not empty: FUSE mounts only on an empty directory; "
                        + "give a DIR whose sys is empty or missing");
            }
        }
    }

    /** The file systems of the running kernel that a DIR must not be in. */
    private static final List<Path> KERNEL_TREES = List.of(Path.of("/sys"), Path.of("/proc"));

    /** The path with every link resolved, as far as it exists; the rest appended as given. */
    static Path realPath(Path path) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    }

    /** {@link Files#createDirectories}, with a refusal that says what is in the way (its own message is the path alone). */
    private static void directories(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            Path in = Path.of(e.getFile());
            if (Files.isRegularFile(in, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(in + " is a file, not a directory: remove it or give another DIR", e);
            }
            throw new IOException(in + " is there but cannot be read as a directory (a FUSE mount whose server was killed? "
                    + "fusermount -u -z " + in + ")", e);
        } catch (FileSystemException e) {
            throw new IOException(e.getReason() == null ? "cannot make " + e.getFile() + ": " + e.getClass().getSimpleName()
                    : "cannot make " + e.getFile() + ": " + e.getReason(), e);
        }
    }

    /**
     * Writes {@code DIR/proc/cpuinfo} when there is none: lscpu refuses a sysroot without it. It
     * declares one CPU type and nothing else, which is what {@code sysplug:lscpu} assumes of a
     * machine (every CPU of one type, no model, no topology), so that lscpu's hot-plug lines and
     * its {@code -e} and {@code -p} tables are sysplug's.
     *
     * @return what was made, to remove at exit in reverse order: the file, after {@code proc} if
     *         that was made too; empty when a cpuinfo was there
     */
    static List<Path> cpuinfo(Path dir) throws IOException {
        Path file = dir.resolve("proc").resolve("cpuinfo");
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            // the one a sysplug killed with -9 left is taken as this run's, and removed at its exit
            boolean ours = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == CPUINFO.length()
                    && Files.readString(file, StandardCharsets.US_ASCII).equals(CPUINFO);
            return ours ? List.of(file) : List.of();
        }
        List<Path> made = new java.util.ArrayList<>();
        if (!Files.exists(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(file.getParent());
            made.add(file.getParent());
        }
        Files.writeString(file, CPUINFO, StandardCharsets.US_ASCII);
        made.add(file);
        return List.copyOf(made);
    }

    /** Whether the path is a mount point now ({@code /proc/self/mountinfo}'s fifth field). */
    static boolean mounted(Path mountPoint) throws IOException {
        Path info = Path.of("/proc/self/mountinfo");
        if (!Files.exists(info)) {
            return false;
        }
        String wanted = mountPoint.toString();
        for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 4 && unescape(f[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Mounts the file system and returns once the kernel has it.
     *
     * @throws IOException when libfuse refuses or does not answer in time, with its reason
     */
    static SysfsMount mount(Path mountPoint, SysfsFs fs) throws IOException {
        SysfsMount m = new SysfsMount(mountPoint, fs);
        // allow_other lets every user read the tree, as /sys; SysfsFs checks the modes for them (only
        // root writes a 0644 file and reads a 0600 one, as on /sys). direct_io: no page cache, every
        // read asks the tree. entry_timeout=1: the kernel keeps a looked-up name for a second, so a
        // path walk does not ask again for every component (a path is five), but attr_timeout=0 makes
        // it ask for the attributes at every stat and the tree at every open, and negative_timeout=0
        // remembers no absence: a device that went is gone at once and one that came is there at once
        // (SysfsFrontendIT holds both; with attr_timeout=1 a removed block would still stat as there).
        String[] options = {"-o", "direct_io,attr_timeout=0,entry_timeout=1,negative_timeout=0,"
                + "fsname=sysplug,subtype=sysfs" + (isRoot() ? ",allow_other" : "")};
        CompletableFuture<Void> ended = new CompletableFuture<>();
        m.loop = new Thread(() -> {
            try {
                fs.mount(mountPoint, true, false, options);
                ended.complete(null);
            } catch (Throwable t) {
                ended.completeExceptionally(t);
            }
        }, "sysplug-sysfs-fuse");
        m.loop.setDaemon(true);
        m.loop.start();
        try {
            fs.initialised.applyToEither(ended, x -> x).get(MOUNT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
            throw new IOException("cannot mount " + mountPoint + ": " + cause.getMessage(), e);
        } catch (TimeoutException e) {
            m.unmount();
            throw new IOException("cannot mount " + mountPoint + ": libfuse did not answer in "
                    + MOUNT_TIMEOUT_MS / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while mounting " + mountPoint, e);
        }
        if (!fs.initialised.isDone()) {
            throw new IOException("cannot mount " + mountPoint + ": libfuse ended at once (is it a non-empty directory? "
                    + "FUSE mounts only on an empty one)");
        }
        return m;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Unmounts (lazily: a reader still in the tree keeps its files until it lets go) and waits for libfuse's loop to end. */
    void unmount() {
        unmount(mountPoint);
        fs.unmounted();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void unmount(Path mountPoint) {
        for (List<String> unmount : List.of(List.of("fusermount", "-u", "-z"), List.of("fusermount3", "-u", "-z"),
                List.of("umount", "-l"))) {
            // the program where missing() found it, PATH or /usr/bin: a PATH without it (cron, a service)
            // must not leave the mount behind
            Path program = onPath(unmount.get(0));
            if (program == null) {
                continue;
            }
            List<String> command = new java.util.ArrayList<>(unmount);
            command.set(0, program.toString());
            command.add(mountPoint.toString());
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return;
                }
            } catch (IOException e) {
                // not installed: the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
