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
import org.sysplug.tools.utillinux.Chmem;
import org.sysplug.tools.utillinux.ChmemMachine;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolResult;

/** {@code sysplug:chmem}: util-linux's chmem on a copied tree, or on the running machine through one request. */
@Descriptor("set memory online or offline by size, range or block range, as util-linux chmem does, in one request")
@Help(helpOption = "--help", examples = { "sysplug:chmem -d -b 60-63", "sysplug:chmem -e 512M" })
@Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=chmem" })
public final class ChmemCommand extends ChangeCommand {

    public ChmemCommand() {
        super(Chmem.PROG);
    }

    /** Without OSGi, for tests: the services it would be given (either may be null). */
    ChmemCommand(MachineView view, RequestQueue queue) {
        super(Chmem.PROG, view, queue);
    }

    @Override
    String parseSysroot(List<String> args) throws ToolExit {
        return Chmem.sysroot(args);
    }

    @Override
    ToolResult onTree(Sysroot root, List<String> args) {
        return Chmem.run(root, args);
    }

    @Override
    ToolResult onMachine(MachineView view, RequestWaiter queue, List<String> args) {
        return ChmemMachine.run(view, queue, args);
    }

    /** What {@code sysplug:chmem --help} prints. */
    @Override
    public String usage() {
        return Chmem.usage();
    }
}
