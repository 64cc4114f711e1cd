package org.sysplug.platform;

import org.sysplug.framework.HotplugException;

/**
 * A port operation that failed, with the kernel-like code the machine gave and a message that
 * names the device. It is a {@link HotplugException}, so a handler may let it propagate: the
 * framework then records it as the handler's failure.
 */
public class PortException extends HotplugException {

    private static final long serialVersionUID = 1L;

    private final Errno errno;

    public PortException(Errno errno, String device, String message) {
        super(errno.name(), device, message);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
