package org.sysplug.platform.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;

/**
 * util-linux's views, byte for byte: {@code sysplug:lsmem} and {@code sysplug:lscpu}. With
 * {@code --sysroot DIR} they read a sysfs tree (an unpacked dump) as util-linux does; without it
 * they show the running machine, whichever backend provides {@link MachineView} (the simulator
 * or the Linux backend), as util-linux would print it on a kernel whose sysfs showed that
 * machine. Gogo {@link Function}s, so that the tools' own options (short, long,
 * {@code --opt=value}, unique prefixes) reach them as typed. Like every sysplug command they set
 * the session variable {@code sysplug.exit}: the tool's exit status.
 */
abstract class SysfsViewCommand implements Function {

    static final String EXIT = "sysplug.exit";

    /** What a run printed (stdout, then stderr, without the last newline) and its exit status. */
    record Printed(int status, String text) {
    }

    /** The tool's output (stdout, then stderr) and exit status on the tree. */
    abstract String[] run(Sysroot root, List<String> args);

    /** The tool's output (stdout, then stderr) and exit status on the machine. */
    abstract String[] run(Topology machine, List<String> args);

    abstract String name();

    /** The running machine, or null when no backend provides one. */
    abstract MachineView machine();

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = new ArrayList<>();
        arguments.forEach(a -> args.add(String.valueOf(a)));
        Printed p = view(args);
        if (session != null) {
            session.put(EXIT, p.status());
        }
        return p.text();
    }

    /** The command without a shell: what it prints and its exit status. */
    Printed view(List<String> args) {
        String sysroot = sysroot(args);
        if (sysroot == null) {
            return running(args);
        }
        Sysroot root;
        try {
            root = Sysroot.of(Path.of(sysroot));
        } catch (IOException | RuntimeException e) {
            return new Printed(1, name() + ": cannot read the sysroot " + sysroot + ": " + e.getMessage());
        }
        return printed(run(root, args));
    }

    private Printed running(List<String> args) {
        MachineView view = machine();
        if (view == null) {
            return new Printed(1, name() + ": no running machine to show: no backend provides "
                    + MachineView.class.getName() + " (start platform.sim or the Linux backend); "
                    + "or give --sysroot DIR to read a sysfs tree such as an unpacked dump");
        }
        if (view instanceof LinuxBackendComponent linux) {
            // the Linux backend's machine is its tree: read it as util-linux reads it, every column
            return printed(run(linux.machine().sysroot(), args));
        }
        Topology machine;
        try {
            machine = view.topology();
        } catch (RuntimeException e) {
            // the backend went away or failed while we asked: say which, the log of the backend has the rest
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Printed(1, name() + ": cannot read the running machine (" + describe(view) + "): " + why);
        }
        return printed(run(machine, args));
    }

    private static String describe(MachineView view) {
        try {
            return view.describe();
        } catch (RuntimeException e) {
            return "backend " + view.getClass().getName();
        }
    }

    private static Printed printed(String[] r) {
        String text = r[0] + r[1];
        return new Printed(Integer.parseInt(r[2]), text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    }

    /** The value of {@code --sysroot DIR} or {@code --sysroot=DIR}, or null. */
    static String sysroot(List<String> args) {
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

    /** {@code sysplug:lsmem}. */
    @Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=lsmem" })
    public static final class LsmemCommand extends SysfsViewCommand {

        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        private volatile MachineView machine;

        public LsmemCommand() {
        }

        /** For tests: the command on this machine (null: none). */
        LsmemCommand(MachineView machine) {
            this.machine = machine;
        }

        @Override
        String name() {
            return "lsmem";
        }

        @Override
        MachineView machine() {
            return machine;
        }

        @Override
        String[] run(Sysroot root, List<String> args) {
            return printed(Lsmem.run(root, args));
        }

        @Override
        String[] run(Topology topology, List<String> args) {
            return printed(Lsmem.run(topology, args));
        }

        private static String[] printed(Lsmem.Result r) {
            return new String[] { r.stdout(), r.stderr(), Integer.toString(r.exitCode()) };
        }
    }

    /** {@code sysplug:lscpu}. */
    @Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=lscpu" })
    public static final class LscpuCommand extends SysfsViewCommand {

        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        private volatile MachineView machine;

        public LscpuCommand() {
        }

        /** For tests: the command on this machine (null: none). */
        LscpuCommand(MachineView machine) {
            this.machine = machine;
        }

        @Override
        String name() {
            return "lscpu";
        }

        @Override
        MachineView machine() {
            return machine;
        }

        @Override
        String[] run(Sysroot root, List<String> args) {
            return printed(Lscpu.run(root, args));
        }

        @Override
        String[] run(Topology topology, List<String> args) {
            return printed(Lscpu.run(topology, args));
        }

        private static String[] printed(Lscpu.Result r) {
            return new String[] { r.stdout(), r.stderr(), Integer.toString(r.exitCode()) };
        }
    }
}
