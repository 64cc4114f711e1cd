package org.sysplug.platform.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;

/**
 * util-linux's changes, {@code sysplug:chcpu} and {@code sysplug:chmem}, with chcpu's and chmem's
 * own options and messages. With {@code --sysroot DIR} (or {@code -s DIR}) they write to that
 * tree, opened writable as util-linux writes to the tree it is given (the real root and a mounted
 * sysfs are refused). Without it they change the running machine the sysplug way: the
 * {@link MachineView} says what is there, and one request through the {@link RequestQueue} does
 * the change (see {@link ChcpuMachine}, {@link ChmemMachine}). Both services are optional, so that
 * the trees work without them. Gogo {@link Function}s, so that the tools' options reach them as
 * typed; they print stdout then stderr and set {@code sysplug.exit} to the tool's exit status.
 */
abstract class SysfsChangeCommand implements Function {

    static final String EXIT = SysfsViewCommand.EXIT;

    /** The tool's output and exit status. */
    record Output(String stdout, String stderr, int exitCode) {
    }

    abstract String name();

    /** Parses the tool's options: the {@code --sysroot} they give, or null. */
    abstract String parseSysroot(List<String> args) throws ToolExit;

    /** The tool on a tree opened writable. */
    abstract Output onTree(Sysroot root, List<String> args);

    /** The tool on the running machine, both services present. */
    abstract Output onMachine(MachineView view, RequestQueue queue, List<String> args);

    abstract MachineView view();

    abstract RequestQueue queue();

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = new ArrayList<>();
        arguments.forEach(a -> args.add(String.valueOf(a)));
        Output r = run(args);
        if (session != null) {
            session.put(EXIT, r.exitCode());
        }
        String text = r.stdout() + r.stderr();
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** The whole command, without a session: a tree, or the running machine. */
    Output run(List<String> args) {
        String sysroot;
        try {
            sysroot = parseSysroot(args);
        } catch (ToolExit e) {
            sysroot = null; // parse errors surface in the run itself
        }
        if (sysroot != null) {
            Sysroot root;
            try {
                root = Sysroot.of(Path.of(sysroot), Sysroot.Access.WRITABLE);
            } catch (NoSuchFileException | AccessDeniedException | NotDirectoryException e) {
                return failed("cannot open the sysroot " + sysroot + ": " + ToolOutput.strerror(e));
            } catch (IOException | RuntimeException e) {
                return failed(e.getMessage());
            }
            return onTree(root, args);
        }
        MachineView view = view();
        RequestQueue queue = queue();
        if (view == null || queue == null) {
            // parse errors, --help and --version need no machine
            try {
                parseSysroot(args);
            } catch (ToolExit e) {
                return new Output(e.stdout(), e.stderr(), e.status());
            }
            return failed("the running machine is not available: no " + (view == null ? "MachineView (a platform"
                    + " bundle such as platform.sim)" : "") + (view == null && queue == null ? " and no " : "")
                    + (queue == null ? "RequestQueue (framework.core)" : "") + " service; start it, or give"
                    + " --sysroot DIR to change a copied sysfs tree");
        }
        return onMachine(view, queue, args);
    }

    private Output failed(String message) {
        return new Output("", name() + ": " + message + "\n", 1);
    }

    /** {@code sysplug:chcpu}. */
    @Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=chcpu" })
    public static final class ChcpuCommand extends SysfsChangeCommand {

        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
        private volatile MachineView view;
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
        private volatile RequestQueue queue;

        public ChcpuCommand() {
        }

        /** Without OSGi, for tests: the services it would be given (either may be null). */
        ChcpuCommand(MachineView view, RequestQueue queue) {
            this.view = view;
            this.queue = queue;
        }

        @Override
        String name() {
            return Chcpu.PROG;
        }

        @Override
        String parseSysroot(List<String> args) throws ToolExit {
            return Chcpu.parse(args).sysroot();
        }

        @Override
        Output onTree(Sysroot root, List<String> args) {
            Chcpu.Result r = Chcpu.run(root, args);
            return new Output(r.stdout(), r.stderr(), r.exitCode());
        }

        @Override
        Output onMachine(MachineView view, RequestQueue queue, List<String> args) {
            Chcpu.Result r = ChcpuMachine.run(view, queue, args);
            return new Output(r.stdout(), r.stderr(), r.exitCode());
        }

        @Override
        MachineView view() {
            return view;
        }

        @Override
        RequestQueue queue() {
            return queue;
        }
    }

    /** {@code sysplug:chmem}. */
    @Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=chmem" })
    public static final class ChmemCommand extends SysfsChangeCommand {

        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
        private volatile MachineView view;
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
        private volatile RequestQueue queue;

        public ChmemCommand() {
        }

        /** Without OSGi, for tests: the services it would be given (either may be null). */
        ChmemCommand(MachineView view, RequestQueue queue) {
            this.view = view;
            this.queue = queue;
        }

        @Override
        String name() {
            return Chmem.PROG;
        }

        @Override
        String parseSysroot(List<String> args) throws ToolExit {
            return Chmem.parse(args).sysroot();
        }

        @Override
        Output onTree(Sysroot root, List<String> args) {
            Chmem.Result r = Chmem.run(root, args);
            return new Output(r.stdout(), r.stderr(), r.exitCode());
        }

        @Override
        Output onMachine(MachineView view, RequestQueue queue, List<String> args) {
            Chmem.Result r = ChmemMachine.run(view, queue, args);
            return new Output(r.stdout(), r.stderr(), r.exitCode());
        }

        @Override
        MachineView view() {
            return view;
        }

        @Override
        RequestQueue queue() {
            return queue;
        }
    }
}
