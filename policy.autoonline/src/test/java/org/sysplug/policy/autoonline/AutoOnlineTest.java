package org.sysplug.policy.autoonline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Target;
import org.sysplug.framework.core.RecordingQueue;
import org.sysplug.platform.DeviceEvent.Action;
import org.sysplug.platform.DeviceEvent;
import org.sysplug.platform.sim.TestMachine;

/**
 * What the policy submits for the events a backend reports, on the real simulated machine's
 * topology: devices that appeared offline go online in one request per kind; anything else is
 * left alone. (That the Linux backend's events reach it and the request runs is LinuxBackendIT's
 * scenario, in a real framework.)
 */
class AutoOnlineTest {

    private final TestMachine machine = TestMachine.boot("default");
    private final RecordingQueue queue = new RecordingQueue();
    /** A Logger that drops everything (what is logged is not under test here). */
    private final Logger quiet = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] { Logger.class }, (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);
    /** No configuration at all: today's behaviour. */
    private final AutoOnline policy = new AutoOnline(queue, machine::topology, quiet, Optional::empty,
            Optional.of(machine.agents()), Map.of(), List.of());

    @Test
    void blocksAndCpusThatAppearedOfflineGoOnlineInOneRequestPerKind() throws Exception {
        machine.memory().offline(40);
        machine.memory().offline(41);
        machine.cpus().offline(5);

        policy.devicesChanged(List.of(add("memory40"), add("cpu5"), add("memory41"), add("memory40")),
                machine.topology());

        assertThat(queue.submitted).hasSize(2);
        assertThat(names(queue.submitted.get(0))).containsExactly("cpu5");
        assertThat(names(queue.submitted.get(1))).containsExactly("memory40", "memory41");
        assertThat(queue.submitted).allSatisfy(r -> {
            assertThat(r.operation()).isEqualTo(Operation.ONLINE);
            assertThat(r.origin()).isEqualTo(AutoOnline.ORIGIN);
        });
    }

    @Test
    void onlineDevicesOtherActionsAndUnknownDevicesSubmitNothing() throws Exception {
        machine.memory().offline(42);
        policy.devicesChanged(List.of(add("memory10"), add("cpu1"), new DeviceEvent(Action.OFFLINE, "memory42"),
                new DeviceEvent(Action.REMOVE, "cpu3"), add("memory9999"), add("cpu4000")), machine.topology());

        assertThat(queue.submitted).isEmpty();
    }

    @Test
    void aCpuThatIsNotHotPluggableIsLeftAlone() {
        // cpu0, the boot CPU of the default machine, has no online file: only a reboot brings it back
        assertThat(machine.topology().cpu(0).orElseThrow().hotpluggable()).isFalse();
        policy.devicesChanged(List.of(add("cpu0")), machine.topology());
        assertThat(queue.submitted).isEmpty();
    }

    private static DeviceEvent add(String device) {
        return new DeviceEvent(Action.ADD, device);
    }

    private static List<String> names(HotplugRequest r) {
        return r.targets().stream().map(Target::name).toList();
    }
}
