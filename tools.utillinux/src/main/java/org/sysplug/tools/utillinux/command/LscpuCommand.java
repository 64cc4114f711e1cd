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
import org.sysplug.tools.utillinux.Lscpu;
import org.sysplug.tools.utillinux.lib.ToolResult;

/** {@code sysplug:lscpu}: util-linux's lscpu of a tree or of the running machine. */
@Descriptor("show the CPUs: the hot-plug summary lines and -p/--parse, as util-linux lscpu prints them")
@Help(helpOption = "--help", examples = { "sysplug:lscpu", "sysplug:lscpu -p=CPU,NODE --all" })
@Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=lscpu" })
public final class LscpuCommand extends ViewCommand {

    public LscpuCommand() {
        super(Lscpu.PROG);
    }

    /** Without OSGi, for tests: the command on this machine and tree (either may be null). */
    LscpuCommand(MachineView machine, SysfsTree tree) {
        super(Lscpu.PROG, machine, tree);
    }

    @Override
    ToolResult onTree(Sysroot root, List<String> args) {
        return Lscpu.run(root, args);
    }

    @Override
    ToolResult onTopology(Topology machine, List<String> args) {
        return Lscpu.run(machine, args);
    }

    /** What {@code sysplug:lscpu --help} prints. */
    @Override
    public String usage() {
        return Lscpu.usage();
    }
}
