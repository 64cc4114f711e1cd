package org.sysplug.tools.utillinux.command;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.SysfsTree;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.shell.Help;
import org.sysplug.tools.utillinux.Lsmem;
import org.sysplug.tools.utillinux.lib.ToolResult;

/** {@code sysplug:lsmem}: util-linux's lsmem of a tree or of the running machine. */
@Descriptor("list the memory blocks and their state, as util-linux lsmem prints them")
@Help(helpOption = "--help", examples = { "sysplug:lsmem", "sysplug:lsmem -a -o RANGE,STATE,ZONES" })
@Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=lsmem" })
public final class LsmemCommand extends ViewCommand {

    public LsmemCommand() {
        super(Lsmem.PROG);
    }

    /** Without OSGi, for tests: the command on this machine and tree (either may be null). */
    LsmemCommand(MachineView machine, SysfsTree tree) {
        super(Lsmem.PROG, machine, tree);
    }

    @Override
    ToolResult onTree(Sysroot root, List<String> args) {
        return Lsmem.run(root, args);
    }

    @Override
    ToolResult onTopology(Topology machine, List<String> args) {
        return Lsmem.run(machine, args);
    }

    /** What {@code sysplug:lsmem --help} prints. */
    @Override
    public String usage() {
        return Lsmem.usage();
    }
}
