package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.sysplug.platform.Errno;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;

/** Assertions on refused operations: the errno, the device, and that nothing changed. */
final class PortErrors {

    private PortErrors() {
    }

    /** Asserts that {@code call} fails with {@code errno} naming {@code device} and leaves the machine as it was. */
    static PortException refused(SimMachine machine, Errno errno, String device, ThrowingCallable call) {
        Topology before = machine.topology();
        var namespace = machine.namespace();
        PortException e = catchThrowableOfType(PortException.class, call);
        assertThat(e).as("expected %s on %s", errno, device).isNotNull();
        assertThat(e.errno()).as(e.describe()).isEqualTo(errno);
        assertThat(e.device()).as(e.describe()).isEqualTo(device);
        assertThat(e.getMessage()).isNotBlank();
        assertThat(machine.topology()).as("a refused operation changes nothing").isSameAs(before);
        assertThat(machine.namespace()).isEqualTo(namespace);
        return e;
    }
}
