package org.sysplug.frontend.sysfs;

import java.util.Map;

import org.sysplug.framework.HotplugException;
import org.sysplug.framework.Outcome;
import org.sysplug.platform.Errno;

/**
 * Linux's errno numbers that the tree answers with (x86-64 and arm64 share them), and the one a
 * request's outcome becomes: what the kernel's {@code device_online()} or {@code device_offline()}
 * would have returned to the writer.
 */
final class Errnos {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ETIMEDOUT = 110;
    static final int ECANCELED = 125;

    /**
     * A failure code of the framework or a port (an {@link Errno} name or one of
     * {@link HotplugException}'s codes) as the writer sees it. A target no handler takes has no
     * driver to online it (ENODEV); a request that ran out of time gives ETIMEDOUT; a full queue
     * asks to try again (EAGAIN); a queue stuck behind a handler that does not return is busy;
     * anything else is an I/O error, as a failed firmware call is on Linux.
     */
    private static final Map<String, Integer> BY_CODE = Map.ofEntries(
            Map.entry(Errno.EPERM.name(), EPERM),
            Map.entry(Errno.EIO.name(), EIO),
            Map.entry(Errno.EAGAIN.name(), EAGAIN),
            Map.entry(Errno.EBUSY.name(), EBUSY),
            Map.entry(Errno.ENODEV.name(), ENODEV),
            Map.entry(Errno.EINVAL.name(), EINVAL),
            Map.entry(HotplugException.NO_HANDLER, ENODEV),
            Map.entry(HotplugException.TIMEOUT, ETIMEDOUT),
            Map.entry(HotplugException.DEADLINE, ETIMEDOUT),
            Map.entry(HotplugException.QUEUE_FULL, EAGAIN),
            Map.entry(HotplugException.STUCK, EBUSY),
            Map.entry(HotplugException.CANCELLED, ECANCELED),
            Map.entry(HotplugException.INTERRUPTED, EINTR));

    private Errnos() {
    }

    /** The errno of a failure code; EIO for a code the kernel has no better word for. */
    static int of(String code) {
        return BY_CODE.getOrDefault(code, EIO);
    }

    /** 0 for a request that succeeded, else the errno its failure gives the writer. */
    static int of(Outcome outcome) {
        if (outcome.succeeded()) {
            return 0;
        }
        return outcome.failure().map(f -> of(f.code())).orElse(EIO);
    }

    /**
     * The simulator's port error for an errno a fault-injection file was given ({@code -16} is
     * EBUSY); the ports know six, so any other (the selftests' usual {@code -12}, ENOMEM) fails as
     * EIO, the error of a device that failed.
     */
    static Errno portErrno(int errno) {
        return switch (errno) {
            case EPERM -> Errno.EPERM;
            case EAGAIN -> Errno.EAGAIN;
            case EBUSY -> Errno.EBUSY;
            case ENODEV -> Errno.ENODEV;
            case EINVAL -> Errno.EINVAL;
            default -> Errno.EIO;
        };
    }

    /** The errno number of a port error. */
    static int of(Errno errno) {
        return of(errno.name());
    }
}
