package org.sysplug.framework.shell;

import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.shell.Help;
import org.sysplug.shell.ShellOptions;

/**
 * {@code sysplug:topology}: the machine as the ports see it, whichever backend provides them.
 */
@Component(service = TopologyCommands.class, property = {
        "osgi.command.scope=sysplug",
        "osgi.command.function=topology" })
public final class TopologyCommands {

    private final MachineView machine;
    private final AcpiPort firmware;

    @Activate
    public TopologyCommands(@Reference MachineView machine,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) AcpiPort firmware) {
        this.machine = machine;
        this.firmware = firmware;
    }

    @Help(examples = { "sysplug:topology", "sysplug:topology --json" })
    @Descriptor("show the machine: nodes, CPUs, memory ranges with state and zone, firmware devices with _STA")
    public Object topology(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json) {
        List<AcpiDevice> devices = Optional.ofNullable(firmware).map(AcpiPort::namespace).orElse(List.of());
        var view = new Views.TopologyView(machine.describe(), machine.topology(), devices);
        return CommandSupport.done(session, CommandSupport.OK, json ? Json.of(TopologyRender.json(view)) : view);
    }
}
