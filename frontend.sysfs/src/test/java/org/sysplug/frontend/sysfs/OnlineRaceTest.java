package org.sysplug.frontend.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Operation;
import org.sysplug.frontend.sysfs.Node.Attribute;
import org.sysplug.platform.sim.TestMachine;

/**
 * A write to an {@code online} file that loses a race: between the file's look at the device and
 * its request, another request (the prompt's, a second file's) brings the device to the written
 * state, and this request fails as "already offline". The kernel decides under its hot-plug lock,
 * where the late writer finds the device in that state and succeeds; so does the served file.
 */
class OnlineRaceTest {

    private final TestMachine machine = TestMachine.boot("default");
    private final PortWrites port = new PortWrites(machine);

    /** Another writer wins just before this one's request runs, which then fails validation. */
    private final MachineTree.Writes losing = (operation, target, parameters, file) -> {
        port.request(operation, target, parameters, file);
        throw new SysfsError(Errnos.EINVAL, target + " is already " + (operation == Operation.ONLINE ? "online" : "offline"));
    };

    private final MachineTree tree = new MachineTree(ServedTreeProperties.machineOf(machine, Optional.of(machine.firmware())), losing);

    private void write(String path, String value) throws SysfsError {
        ((Attribute) tree.lookup(path).orElseThrow()).store().store(value);
    }

    @Test
    void aCpuOrBlockThatAnotherRequestTookToTheWrittenStateIsASuccess() throws SysfsError {
        write("devices/system/cpu/cpu3/online", "0\n");
        assertThat(machine.topology().cpu(3).orElseThrow().online()).isFalse();
        write("devices/system/memory/memory40/online", "0\n");
        assertThat(machine.topology().block(40).orElseThrow().online()).isFalse();
        write("devices/system/memory/memory40/online", "1\n");
        assertThat(machine.topology().block(40).orElseThrow().online()).isTrue();
    }

    @Test
    void aFailureThatLeavesTheDeviceWhereItWasStillFails() {
        MachineTree failing = new MachineTree(ServedTreeProperties.machineOf(machine, Optional.of(machine.firmware())),
                (operation, target, parameters, file) -> {
                    throw new SysfsError(Errnos.EBUSY, target + " holds unmovable pages");
                });
        assertThatThrownBy(() -> ((Attribute) failing.lookup("devices/system/memory/memory40/online").orElseThrow()).store()
                .store("0\n")).isInstanceOf(SysfsError.class).extracting(e -> ((SysfsError) e).errno()).isEqualTo(Errnos.EBUSY);
        assertThatThrownBy(() -> ((Attribute) failing.lookup("devices/system/cpu/cpu3/online").orElseThrow()).store()
                .store("0\n")).isInstanceOf(SysfsError.class);
        assertThat(machine.topology().block(40).orElseThrow().online()).isTrue();
    }
}
