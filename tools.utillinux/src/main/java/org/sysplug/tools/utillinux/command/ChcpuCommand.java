package org.sysplug.tools.utillinux.command;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.shell.Help;
import org.sysplug.shell.RequestWaiter;
import org.sysplug.tools.utillinux.Chcpu;
import org.sysplug.tools.utillinux.ChcpuMachine;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolResult;

/** {@code sysplug:chcpu}: util-linux's chcpu on a copied tree, or on the running machine through one request. */
@Descriptor("enable, disable, configure or deconfigure CPUs, as util-linux chcpu does, in one request")
@Help(helpOption = "--help", examples = { "sysplug:chcpu -d 6,7", "sysplug:chcpu -e 6-7" })
@Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=chcpu" })
public final class ChcpuCommand extends ChangeCommand {

    public ChcpuCommand() {
        super(Chcpu.PROG);
    }

    /** Without OSGi, for tests: the services it would be given (either may be null). */
    ChcpuCommand(MachineView view, RequestQueue queue) {
        super(Chcpu.PROG, view, queue);
    }

    @Override
    String parseSysroot(List<String> args) throws ToolExit {
        return Chcpu.sysroot(args);
    }

    @Override
    ToolResult onTree(Sysroot root, List<String> args) {
        return Chcpu.run(root, args);
    }

    @Override
    ToolResult onMachine(MachineView view, RequestWaiter queue, List<String> args) {
        return ChcpuMachine.run(view, queue, args);
    }

    /** What {@code sysplug:chcpu --help} prints. */
    @Override
    public String usage() {
        return Chcpu.usage();
    }
}
