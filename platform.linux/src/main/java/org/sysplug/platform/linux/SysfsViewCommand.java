package org.sysplug.platform.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;

/**
 * util-linux's views on a sysfs tree, byte for byte: {@code sysplug:lsmem} and
 * {@code sysplug:lscpu}, each with {@code --sysroot DIR}. Gogo {@link Function}s, so that the
 * tools' own options (short, long, {@code --opt=value}, unique prefixes) reach them as typed.
 * Like every sysplug command they set the session variable {@code sysplug.exit}: the tool's exit
 * status.
 */
abstract class SysfsViewCommand implements Function {

    static final String EXIT = "sysplug.exit";

    /** The tool's output (stdout, then stderr) and exit status on the tree. */
    abstract String[] run(Sysroot root, List<String> args);

    abstract String name();

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = new ArrayList<>();
        arguments.forEach(a -> args.add(String.valueOf(a)));
        String sysroot = sysroot(args);
        if (sysroot == null) {
            return done(session, 1, name() + ": give --sysroot DIR, a sysfs tree such as an unpacked dump "
                    + "(" + name() + " of the running machine comes with the Linux backend)");
        }
        Sysroot root;
        try {
            root = Sysroot.of(Path.of(sysroot));
        } catch (IOException | RuntimeException e) {
            return done(session, 1, name() + ": cannot read the sysroot " + sysroot + ": " + e.getMessage());
        }
        String[] r = run(root, args);
        String text = r[0] + r[1];
        return done(session, Integer.parseInt(r[2]), text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
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

    private static String done(CommandSession session, int status, String text) {
        if (session != null) {
            session.put(EXIT, status);
        }
        return text;
    }

    /** {@code sysplug:lsmem}. */
    @Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=lsmem" })
    public static final class LsmemCommand extends SysfsViewCommand {
        @Override
        String name() {
            return "lsmem";
        }

        @Override
        String[] run(Sysroot root, List<String> args) {
            Lsmem.Result r = Lsmem.run(root, args);
            return new String[] { r.stdout(), r.stderr(), Integer.toString(r.exitCode()) };
        }
    }

    /** {@code sysplug:lscpu}. */
    @Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=lscpu" })
    public static final class LscpuCommand extends SysfsViewCommand {
        @Override
        String name() {
            return "lscpu";
        }

        @Override
        String[] run(Sysroot root, List<String> args) {
            Lscpu.Result r = Lscpu.run(root, args);
            return new String[] { r.stdout(), r.stderr(), Integer.toString(r.exitCode()) };
        }
    }
}
