package org.sysplug.tools.utillinux.command;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.shell.RequestWaiter;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolOutput;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * A util-linux change, {@code sysplug:chcpu} or {@code sysplug:chmem}, with the tool's own options
 * and messages. With {@code --sysroot DIR} (or {@code -s DIR}) it writes to that tree, opened
 * writable as util-linux writes to the tree it is given (the real root and a mounted sysfs are
 * refused). Without it, it changes the running machine the sysplug way: the {@link MachineView}
 * says what is there, and one request through the {@link RequestQueue} does the change. Both
 * services are optional, so that trees can be changed without them.
 */
abstract class ChangeCommand extends ToolCommand {

    // package-private, not private: SCR injects a field of a superclass only when it is
    // visible from the component class (same package), and the family shares these fields
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile MachineView view;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile RequestQueue queue;

    ChangeCommand(String name) {
        super(name);
    }

    /** Without OSGi, for tests: the services it would be given (either may be null). */
    ChangeCommand(String name, MachineView view, RequestQueue queue) {
        super(name);
        this.view = view;
        this.queue = queue;
    }

    /** The tool's option parsing: the {@code --sysroot} it gives, or null; bad options end it early. */
    abstract String parseSysroot(List<String> args) throws ToolExit;

    /** The tool on the running machine, both services present. */
    abstract ToolResult onMachine(MachineView view, RequestWaiter queue, List<String> args);

    @Override
    String sysroot(List<String> args) {
        try {
            return parseSysroot(args);
        } catch (ToolExit e) {
            return null; // parse errors surface in the run itself
        }
    }

    @Override
    Sysroot open(String sysroot) throws UnusableTree {
        try {
            return Sysroot.open(Path.of(sysroot), Sysroot.Access.WRITABLE);
        } catch (NoSuchFileException | AccessDeniedException | NotDirectoryException e) {
            throw new UnusableTree("cannot open the sysroot " + sysroot + ": " + ToolOutput.strerror(e));
        } catch (IOException | RuntimeException e) {
            throw new UnusableTree(e.getMessage());
        }
    }

    @Override
    ToolResult onMachine(CommandSession session, List<String> args) {
        MachineView v = view;
        RequestQueue q = queue;
        if (v != null && q != null) {
            return onMachine(v, RequestWaiter.of(session, q), args);
        }
        // parse errors, --help and --version need no machine
        try {
            parseSysroot(args);
        } catch (ToolExit e) {
            return e.result();
        }
        return failed("the running machine is not available: no " + (v == null ? "MachineView (a platform"
                + " bundle such as platform.sim)" : "") + (v == null && q == null ? " and no " : "")
                + (q == null ? "RequestQueue (framework.core)" : "") + " service; start it, or give"
                + " --sysroot DIR to change a copied sysfs tree");
    }
}
