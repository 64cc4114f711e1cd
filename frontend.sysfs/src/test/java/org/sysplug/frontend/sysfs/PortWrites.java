package org.sysplug.frontend.sysfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sysplug.framework.Operation;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.sim.TestMachine;

/**
 * The writes of a unit test: each request is recorded and carried out on the real simulated
 * machine through its ports (what resource.cpu and resource.memory end up calling), its port error
 * becoming the writer's errno; the launcher's SysfsFrontendIT runs the real queue and handlers.
 */
final class PortWrites implements MachineTree.Writes {

    record Request(Operation operation, String target, Map<String, String> parameters, String file) {
    }

    final List<Request> requests = new ArrayList<>();
    private final TestMachine machine;

    PortWrites(TestMachine machine) {
        this.machine = machine;
    }

    @Override
    public void request(Operation operation, String target, Map<String, String> parameters, String file) throws SysfsError {
        requests.add(new Request(operation, target, Map.copyOf(parameters), file));
        try {
            if (target.startsWith("cpu")) {
                int id = Integer.parseInt(target.substring(3));
                if (operation == Operation.ONLINE) {
                    machine.cpus().online(id);
                } else {
                    machine.cpus().offline(id);
                }
            } else if (target.startsWith("memory")) {
                int id = Integer.parseInt(target.substring(6));
                if (operation == Operation.ONLINE) {
                    String zone = parameters.get("zone");
                    machine.memory().online(id, zone == null ? OnlineType.ONLINE
                            : zone.equals("movable") ? OnlineType.ONLINE_MOVABLE : OnlineType.ONLINE_KERNEL);
                } else {
                    machine.memory().offline(id);
                }
            }
        } catch (PortException e) {
            throw new SysfsError(Errnos.of(e.errno()), e.getMessage());
        }
    }
}
