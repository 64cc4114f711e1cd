package org.sysplug.platform.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.sim.control.FaultSpec;
import org.sysplug.platform.sim.control.InjectedFault;
import org.sysplug.platform.sim.control.LoadedMachine;
import org.sysplug.platform.sim.control.OstRecord;
import org.sysplug.platform.sim.control.SimulatedMachine;
import org.sysplug.platform.sim.description.DescriptionException;
import org.sysplug.platform.sim.description.MachineSource;

/**
 * The operator's control of the simulated machine, as a service: like the ports, it calls the
 * machine that is current at the time of the call, and exists only while the machine component does.
 */
@Component(service = SimulatedMachine.class)
public final class SimulatedMachineControl implements SimulatedMachine {

    private final SimulatedMachineComponent sim;

    @Activate
    public SimulatedMachineControl(@Reference SimulatedMachineComponent sim) {
        this.sim = sim;
    }

    @Override
    public Notification insert(String path) throws PortException {
        return sim.machine().insert(path);
    }

    @Override
    public void ejectRequest(String path) throws PortException {
        sim.machine().ejectRequest(path);
    }

    @Override
    public void surpriseRemove(String path) throws PortException {
        sim.machine().surpriseRemove(path);
    }

    @Override
    public void pin(int block, boolean pinned) throws PortException {
        sim.machine().pin(block, pinned);
    }

    @Override
    public String addFault(FaultSpec fault) {
        FaultRule rule = FaultRule.on(MachineOperation.parse(fault.operation()), fault.target());
        if (fault.errno() != null) {
            rule = rule.failWith(fault.errno());
        }
        if (fault.times() != 0) {
            rule = rule.times(fault.times());
        }
        if (!fault.delay().equals(Duration.ZERO)) {
            rule = rule.delay(fault.delay());
        }
        if (fault.hang()) {
            rule = rule.hang();
        }
        return sim.machine().faults().add(rule).toString();
    }

    @Override
    public List<String> faults() {
        return sim.machine().faults().rules().stream().map(FaultRule::toString).toList();
    }

    @Override
    public List<InjectedFault> injectedFaults() {
        return sim.machine().faults().rules().stream().map(FaultRule::describe).toList();
    }

    @Override
    public boolean removeFault(long id) {
        return sim.machine().faults().remove(id);
    }

    @Override
    public void clearFaults() {
        sim.machine().faults().clear();
    }

    @Override
    public List<String> builtInMachines() {
        return MachineSource.BUILT_IN;
    }

    @Override
    public String source() {
        return sim.source();
    }

    @Override
    public LoadedMachine load(String machine) throws DescriptionException {
        SimMachine loaded = sim.load(machine);
        return new LoadedMachine(loaded.name(), loaded.description().summary());
    }

    @Override
    public LoadedMachine loadTree(Path tree, Topology machine) throws DescriptionException {
        TreeMachine loaded = sim.loadTree(tree, machine);
        return new LoadedMachine(loaded.name(), loaded.summary());
    }

    @Override
    public List<OstRecord> ostLog() {
        return sim.machine().ostLog();
    }

    @Override
    public List<String> hardwareLog() {
        return sim.machine().hardwareLog();
    }

    @Override
    public boolean notificationsHeard() {
        return sim.notificationsHeard();
    }

    @Override
    public String autoOnlineBlocks() {
        return sim.machine().autoOnlineBlocks();
    }

    @Override
    public void setAutoOnlineBlocks(String value) throws PortException {
        sim.machine().setAutoOnlineBlocks(value);
    }
}
