package org.sysplug.frontend.sysfs;

/**
 * A write or lookup the tree refuses, with the errno the writer gets and, for the log, why: the
 * file, the rule and what to do (the writer only ever sees the errno, as with the kernel).
 */
final class SysfsError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int errno;

    SysfsError(int errno, String why) {
        super(why, null, false, false);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
