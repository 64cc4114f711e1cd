package org.sysplug.platform;

/** The kernel's answers to a hot-plug operation, as the ports report them. */
public enum Errno {
    /** The device is in use: unmovable pages, the last online CPU, a node that still has resources. */
    EBUSY,
    /** The request makes no sense for the device: a zone not in valid_zones, a range not block-aligned. */
    EINVAL,
    /** Not allowed: a CPU that is not hot-pluggable, a read-only backend. */
    EPERM,
    /** No such device. */
    ENODEV,
    /** Try again: the operation raced with something. */
    EAGAIN,
    /** The device or firmware failed. */
    EIO
}
