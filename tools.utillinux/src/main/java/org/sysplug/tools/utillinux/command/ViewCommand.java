package org.sysplug.tools.utillinux.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.SysfsTree;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * A util-linux view, {@code sysplug:lsmem} or {@code sysplug:lscpu}, byte for byte. With
 * {@code --sysroot DIR} it reads that tree (an unpacked dump) as util-linux does. Without it, it
 * shows the running machine: when the Linux backend runs, its tree ({@link SysfsTree}), every
 * column as util-linux reads it; otherwise the {@link MachineView} of whichever backend runs (the
 * simulator), printed as util-linux would print it on a kernel whose sysfs showed that machine.
 * Both services are optional, so that trees can be read without any backend.
 */
abstract class ViewCommand extends ToolCommand {

    // package-private, not private: SCR injects a field of a superclass only when it is
    // visible from the component class (same package), and the family shares these fields
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MachineView machine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SysfsTree tree;

    ViewCommand(String name) {
        super(name);
    }

    /** Without OSGi, for tests: the services it would be given (either may be null). */
    ViewCommand(String name, MachineView machine, SysfsTree tree) {
        super(name);
        this.machine = machine;
        this.tree = tree;
    }

    abstract ToolResult onTopology(Topology machine, List<String> args);

    @Override
    String sysroot(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--sysroot") && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (a.startsWith("--sysroot=")) {
                return a.substring("--sysroot=".length());
            }
        }
        return null;
    }

    @Override
    Sysroot open(String sysroot) throws UnusableTree {
        try {
            return Sysroot.open(Path.of(sysroot), Sysroot.Access.READ_ONLY);
        } catch (IOException | RuntimeException e) {
            throw new UnusableTree("cannot read the sysroot " + sysroot + ": " + e.getMessage());
        }
    }

    @Override
    ToolResult onMachine(CommandSession session, List<String> args) {
        SysfsTree linux = tree;
        if (linux != null) {
            return onTree(linux.sysroot(), args);
        }
        MachineView view = machine;
        if (view == null) {
            return failed("no running machine to show: no backend provides " + MachineView.class.getName()
                    + " (start platform.sim or the Linux backend); or give --sysroot DIR to read a sysfs tree such as an"
                    + " unpacked dump");
        }
        Topology topology;
        try {
            topology = view.topology();
        } catch (RuntimeException e) {
            // the backend went away or failed while we asked: say which, the log of the backend has the rest
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return failed("cannot read the running machine (" + describe(view) + "): " + why);
        }
        return onTopology(topology, args);
    }

    private static String describe(MachineView view) {
        try {
            return view.describe();
        } catch (RuntimeException e) {
            return "backend " + view.getClass().getName();
        }
    }
}
