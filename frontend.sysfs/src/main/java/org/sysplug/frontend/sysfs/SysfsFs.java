package org.sysplug.frontend.sysfs;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.log.Logger;
import org.sysplug.frontend.sysfs.Node.Attribute;
import org.sysplug.frontend.sysfs.Node.Dir;
import org.sysplug.frontend.sysfs.Node.Link;

import jnr.ffi.Pointer;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The tree as a FUSE file system: libfuse's calls (one native thread each, several at a time) on
 * {@link MachineTree}. Reads follow kernfs: a read at offset 0 shows the attribute now and keeps
 * the text for the reads that follow on that open file; the file system is mounted with
 * {@code direct_io}, so no page cache stands between a reader and the machine. Each write is one
 * store, returned only once it is done. Creating, removing or renaming files is refused, as on
 * sysfs; so are chmod, chown and setting times, which kernfs allows root (the tree keeps no modes
 * or times of its own: a change would not hold).
 */
final class SysfsFs extends FuseStubFS {

    private static final int O_ACCMODE = 3;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;

    private final MachineTree tree;
    private final Logger log;
    private final long mountedAt = System.currentTimeMillis() / 1000;
    private final AtomicLong handles = new AtomicLong();
    /** The text an open file's first read showed, by handle, for the reads after it. */
    private final Map<Long, byte[]> shown = new ConcurrentHashMap<>();
    /** Completes when the kernel has the mount (libfuse's init), so the mounter knows it is served. */
    final CompletableFuture<Void> initialised = new CompletableFuture<>();

    SysfsFs(MachineTree tree, Logger log) {
        this.tree = tree;
        this.log = log;
    }

    /** The path as the tree takes it: relative, no leading slash. */
    private static String rel(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private Optional<Node> node(String path) {
        return tree.lookup(rel(path));
    }

    @Override
    public Pointer init(Pointer conn) {
        initialised.complete(null);
        return null;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        try {
            Optional<Node> found = node(path);
            if (found.isEmpty()) {
                return -Errnos.ENOENT;
            }
            Node n = found.get();
            if (n instanceof Dir) {
                stat.st_mode.set(FileStat.S_IFDIR | 0755);
                stat.st_nlink.set(2);
                stat.st_size.set(0);
            } else if (n instanceof Attribute a) {
                stat.st_mode.set(FileStat.S_IFREG | a.mode());
                stat.st_nlink.set(1);
                stat.st_size.set(Node.ATTRIBUTE_SIZE);
            } else if (n instanceof Link l) {
                stat.st_mode.set(FileStat.S_IFLNK | 0777);
                stat.st_nlink.set(1);
                stat.st_size.set(l.target().length());
            }
            stat.st_uid.set(0);
            stat.st_gid.set(0);
            times(stat.st_atim);
            times(stat.st_mtim);
            times(stat.st_ctim);
            return 0;
        } catch (RuntimeException e) {
            return failed("getattr", path, e);
        }
    }

    private void times(Timespec t) {
        t.tv_sec.set(mountedAt);
        t.tv_nsec.set(0);
    }

    @Override
    public int readlink(String path, Pointer buf, long size) {
        try {
            Optional<Node> found = node(path);
            if (found.isEmpty()) {
                return -Errnos.ENOENT;
            }
            if (!(found.get() instanceof Link l)) {
                return -Errnos.EINVAL;
            }
            byte[] target = l.target().getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(target.length, size - 1);
            buf.put(0, target, 0, n);
            buf.putByte(n, (byte) 0);
            return 0;
        } catch (RuntimeException e) {
            return failed("readlink", path, e);
        }
    }

    @Override
    public int opendir(String path, FuseFileInfo fi) {
        Optional<Node> found = node(path);
        if (found.isEmpty()) {
            return -Errnos.ENOENT;
        }
        return found.get() instanceof Dir ? 0 : -Errnos.ENOTDIR;
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, long offset, FuseFileInfo fi) {
        try {
            Optional<Node> found = node(path);
            if (found.isEmpty()) {
                return -Errnos.ENOENT;
            }
            if (!(found.get() instanceof Dir d)) {
                return -Errnos.ENOTDIR;
            }
            filter.apply(buf, ".", null, 0);
            filter.apply(buf, "..", null, 0);
            for (String name : d.names()) {
                if (filter.apply(buf, name, null, 0) != 0) {
                    break;
                }
            }
            return 0;
        } catch (RuntimeException e) {
            return failed("readdir", path, e);
        }
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        try {
            Optional<Node> found = node(path);
            if (found.isEmpty()) {
                return -Errnos.ENOENT;
            }
            if (found.get() instanceof Dir) {
                return -Errnos.EISDIR;
            }
            if (!(found.get() instanceof Attribute a)) {
                return -Errnos.EACCES;
            }
            int access = fi.flags.get() & O_ACCMODE;
            boolean write = access == O_WRONLY || access == O_RDWR;
            boolean read = access != O_WRONLY;
            // kernfs refuses to open for writing a file without a store, root or not, and for
            // reading one without a show (an eject file)
            if ((write && !a.writable()) || (read && !a.readable())) {
                return -Errnos.EACCES;
            }
            if (!root() && (write || !othersRead(a))) {
                return -Errnos.EACCES;
            }
            fi.fh.set(handles.incrementAndGet());
            return 0;
        } catch (RuntimeException e) {
            return failed("open", path, e);
        }
    }

    @Override
    public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        try {
            long handle = fi.fh.get();
            byte[] text;
            if (offset == 0 || !shown.containsKey(handle)) {
                Optional<Node> found = node(path);
                if (found.isEmpty()) {
                    return -Errnos.ENODEV;
                }
                if (!(found.get() instanceof Attribute a) || !a.readable()) {
                    return -Errnos.EACCES;
                }
                text = a.show().get().getBytes(StandardCharsets.UTF_8);
                shown.put(handle, text);
            } else {
                text = shown.get(handle);
            }
            if (offset >= text.length) {
                return 0;
            }
            int n = (int) Math.min(size, text.length - offset);
            buf.put(0, text, (int) offset, n);
            return n;
        } catch (RuntimeException e) {
            return failed("read", path, e);
        }
    }

    @Override
    public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        String value;
        Attribute a;
        try {
            Optional<Node> found = node(path);
            if (found.isEmpty()) {
                return -Errnos.ENODEV;
            }
            if (!(found.get() instanceof Attribute attribute) || !attribute.writable()) {
                return -Errnos.EACCES;
            }
            a = attribute;
            // sysfs takes at most a page per write
            int n = (int) Math.min(size, Node.ATTRIBUTE_SIZE);
            byte[] bytes = new byte[n];
            buf.get(0, bytes, 0, n);
            value = new String(bytes, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return failed("write", path, e);
        }
        try {
            a.store().store(value);
            return (int) size;
        } catch (SysfsError e) {
            log.info("write to {} refused with errno {}: {}", path, e.errno(), e.getMessage());
            return -e.errno();
        } catch (RuntimeException e) {
            return failed("write", path, e);
        }
    }

    /** {@code echo 1 > file} truncates first: a no-op on an attribute that takes writes, as on sysfs. */
    @Override
    public int truncate(String path, long size) {
        Optional<Node> found = node(path);
        if (found.isEmpty()) {
            return -Errnos.ENOENT;
        }
        return found.get() instanceof Attribute a && a.writable() && root() ? 0 : -Errnos.EACCES;
    }

    /**
     * The permission checks the kernel makes on {@code /sys}, made here: every file is root's, so a
     * caller other than root reads what has a read bit for others and writes nothing (root may do
     * whatever the file allows). They are made here, not by the kernel ({@code default_permissions}),
     * because with {@code attr_timeout=0} the kernel would ask for the attributes of every directory
     * on the path at every access to check them, which is most of an access's cost.
     */
    private boolean root() {
        return getContext().uid.get() == 0;
    }

    private static boolean othersRead(Attribute a) {
        return (a.mode() & 0004) != 0;
    }

    @Override
    public int access(String path, int mask) {
        try {
            Optional<Node> found = node(path);
            if (found.isEmpty()) {
                return -Errnos.ENOENT;
            }
            boolean file = found.get() instanceof Attribute;
            // X_OK 1, W_OK 2, R_OK 4: nothing is executable but directories, nothing writable by others
            if ((mask & 1) != 0 && file) {
                return -Errnos.EACCES;
            }
            if (root()) {
                return 0;
            }
            if ((mask & 2) != 0) {
                return -Errnos.EACCES;
            }
            if ((mask & 4) != 0 && file && !othersRead((Attribute) found.get())) {
                return -Errnos.EACCES;
            }
            return 0;
        } catch (RuntimeException e) {
            return failed("access", path, e);
        }
    }

    @Override
    public int ftruncate(String path, long size, FuseFileInfo fi) {
        return truncate(path, size);
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        shown.remove(fi.fh.get());
        return 0;
    }

    @Override
    public int create(String path, long mode, FuseFileInfo fi) {
        return -Errnos.EACCES;
    }

    @Override
    public int mknod(String path, long mode, long rdev) {
        return -Errnos.EPERM;
    }

    @Override
    public int mkdir(String path, long mode) {
        return -Errnos.EPERM;
    }

    @Override
    public int unlink(String path) {
        return -Errnos.EPERM;
    }

    @Override
    public int rmdir(String path) {
        return -Errnos.EPERM;
    }

    @Override
    public int symlink(String oldpath, String newpath) {
        return -Errnos.EPERM;
    }

    @Override
    public int link(String oldpath, String newpath) {
        return -Errnos.EPERM;
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return -Errnos.EPERM;
    }

    @Override
    public int chmod(String path, long mode) {
        return -Errnos.EPERM;
    }

    @Override
    public int chown(String path, long uid, long gid) {
        return -Errnos.EPERM;
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return -Errnos.EPERM;
    }

    /** A failure of ours, not of the machine: logged with its stack, EIO to the caller. */
    private int failed(String operation, String path, RuntimeException e) {
        log.error("sysfs {} {} failed", operation, path, e);
        return -Errnos.EIO;
    }

    /** Lets the mounter say the file system is no longer mounted, after unmounting it itself. */
    void unmounted() {
        mounted.set(false);
    }
}
