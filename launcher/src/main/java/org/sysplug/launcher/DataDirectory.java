package org.sysplug.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The directory where sysplug keeps what outlives a run: the request journal ({@code journal/})
 * and ConfigAdmin's settings ({@code config/}). Framework property {@value #PROPERTY} (the
 * launcher's {@code --data DIR}) names it; unset, it is {@value #DEFAULT} in the working
 * directory, so that settings and history survive by default; empty ({@code --ephemeral}), there
 * is none and everything is lost at exit.
 *
 * <p>One sysplug at a time per directory: two journals appended to one file, or two ConfigAdmins
 * writing one store, would each undo the other. A run holds an exclusive lock on
 * {@value #LOCK_FILE} (released by the kernel when the process dies, even by {@code kill -9}), and a
 * second run on the same directory is refused with a message naming it and the way out, rather
 * than run on without persistence: an operator who changed a setting there would lose it
 * silently at exit.
 */
final class DataDirectory implements AutoCloseable {

    /** The framework property naming the directory; empty for none. */
    static final String PROPERTY = "sysplug.data";
    /** ConfigAdmin's store, Felix ConfigAdmin's property. */
    static final String CONFIG_PROPERTY = "felix.cm.dir";
    /** The directory's name in the working directory when none is given. */
    static final String DEFAULT = "sysplug-data";
    static final String LOCK_FILE = "sysplug.lock";
    static final String CONFIG_DIR = "config";

    /** This directory is locked by another run, or cannot be used; the message is for the operator. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The directory a run uses, from the effective value of {@value #PROPERTY}: absent means
     * {@value #DEFAULT} below {@code workingDir}, empty (or blank) means none.
     */
    static Optional<Path> choose(String property, Path workingDir) {
        if (property == null) {
            return Optional.of(workingDir.resolve(DEFAULT).toAbsolutePath().normalize());
        }
        if (property.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(workingDir.resolve(property.trim()).toAbsolutePath().normalize());
    }

    /** Creates the directory if needed and takes it for this run. */
    static DataDirectory lock(Path dir) throws Unusable {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Unusable("cannot create the data directory " + dir + " (" + reason(e)
                    + "): give a writable one with --data DIR, or --ephemeral to keep nothing");
        }
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM already
            }
            if (lock == null) {
                String owner = owner(channel);
                channel.close();
                throw new Unusable("the data directory " + dir + " is in use by another sysplug" + owner
                        + ": give this one its own with --data DIR, or --ephemeral to keep nothing");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataDirectory(dir, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new Unusable("cannot lock the data directory " + dir + " (" + file.getFileName() + ": "
                    + reason(e) + "): give another with --data DIR, or --ephemeral to keep nothing");
        }
    }

    /** {@code " (pid N)"} as the lock holder wrote it, or nothing when it cannot be read. */
    private static String owner(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(24);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("[0-9]{1,19}") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Why a file operation failed, in words: the JDK's file exceptions carry only the path as their message. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file that is not a directory is in the way";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : "an input/output error";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing held
            }
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * The framework properties that put the journal and the settings here; a {@value #CONFIG_PROPERTY}
     * the operator set ({@code -Dfelix.cm.dir=...}) is theirs and stays.
     */
    Map<String, String> properties(String configuredStore) {
        Map<String, String> properties = new HashMap<>();
        properties.put(PROPERTY, dir.toString());
        if (configuredStore == null) {
            properties.put(CONFIG_PROPERTY, dir.resolve(CONFIG_DIR).toString());
        }
        return properties;
    }

    /** Releases the directory; the lock file stays (removing it would race with a run starting now). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close releases it too
        }
        closeQuietly(channel);
    }
}
