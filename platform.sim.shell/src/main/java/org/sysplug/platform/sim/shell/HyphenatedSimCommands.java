package org.sysplug.platform.sim.shell;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.shell.Help;
import org.sysplug.shell.Operand;
import org.sysplug.shell.ShellOptions;

/**
 * {@code sim:eject-request} and {@code sim:surprise-remove}. Gogo maps a command name to a
 * method of the same name, and a Java method cannot have a hyphen; a service that is a Gogo
 * {@link Function} receives its arguments as they are, so these two are Functions.
 */
final class HyphenatedSimCommands {

    private HyphenatedSimCommands() {
    }

    /** A command of one path and an optional {@code --async}. */
    interface PathCommand {
        Object run(CommandSession session, String path, boolean async);
    }

    private static Object onePath(CommandSession session, List<Object> arguments, String usage, PathCommand command) {
        List<String> words = arguments.stream().map(String::valueOf).toList();
        List<String> asyncFlag = List.of(ShellOptions.ASYNC, ShellOptions.ASYNC_SHORT);
        boolean async = words.stream().anyMatch(asyncFlag::contains);
        List<String> paths = words.stream().filter(w -> !asyncFlag.contains(w)).toList();
        if (paths.size() != 1) {
            return SimCommands.done(session, 2, "usage: " + usage);
        }
        return command.run(session, paths.get(0), async);
    }

    @Component(service = Function.class, property = { "osgi.command.scope=sim",
            "osgi.command.function=eject-request" })
    @Descriptor("press the eject button of a present device: wait for the hot-remove request that follows and print its outcome")
    @Help(operands = "[--async] PATH", complete = Operand.FIRMWARE_PATH, examples = "sim:eject-request '\\_SB.NOD1'")
    public static final class EjectRequest implements Function {
        private final SimCommands commands;

        @Activate
        public EjectRequest(@Reference SimCommands commands) {
            this.commands = commands;
        }

        @Override
        public Object execute(CommandSession session, List<Object> arguments) {
            return onePath(session, arguments, "sim:eject-request [--async] PATH (press the eject button of a present device, "
                    + "wait for the hot-remove request that follows and print its outcome)", commands::ejectRequest);
        }
    }

    @Component(service = Function.class, property = { "osgi.command.scope=sim",
            "osgi.command.function=surprise-remove" })
    @Descriptor("pull a device out of its slot without asking the OS (sim:log shows what the OS lost)")
    @Help(operands = "PATH", complete = Operand.FIRMWARE_PATH, examples = "sim:surprise-remove '\\_SB.NOD1.MEM0'")
    public static final class SurpriseRemove implements Function {
        private final SimCommands commands;

        @Activate
        public SurpriseRemove(@Reference SimCommands commands) {
            this.commands = commands;
        }

        @Override
        public Object execute(CommandSession session, List<Object> arguments) {
            return onePath(session, arguments, "sim:surprise-remove PATH (pull a device out without asking the OS)",
                    (s, path, async) -> commands.surpriseRemove(s, path));
        }
    }
}
