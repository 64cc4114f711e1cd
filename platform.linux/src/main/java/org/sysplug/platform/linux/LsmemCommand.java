package org.sysplug.platform.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;

/**
 * {@code sysplug:lsmem [OPTIONS] --sysroot DIR}: util-linux's lsmem, byte for byte, on a sysfs
 * tree. A Gogo {@link Function}, so that lsmem's own options (short, long, {@code --opt=value},
 * unique prefixes) reach it exactly as typed. Like every sysplug command it sets the session
 * variable {@code sysplug.exit}: lsmem's exit status.
 */
@Component(service = Function.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=lsmem" })
public final class LsmemCommand implements Function {

    static final String EXIT = "sysplug.exit";

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = new ArrayList<>();
        arguments.forEach(a -> args.add(String.valueOf(a)));
        String sysroot = sysroot(args);
        if (sysroot == null) {
            return done(session, 1, "lsmem: give --sysroot DIR, a sysfs tree such as an unpacked dump "
                    + "(lsmem of the running machine comes with the Linux backend)");
        }
        Sysroot root;
        try {
            root = Sysroot.of(Path.of(sysroot));
        } catch (IOException | RuntimeException e) {
            return done(session, 1, "lsmem: cannot read the sysroot " + sysroot + ": " + e.getMessage());
        }
        Lsmem.Result r = Lsmem.run(root, args);
        String text = r.stdout() + r.stderr();
        return done(session, r.exitCode(), text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
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
}
