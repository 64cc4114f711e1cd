package org.sysplug.platform.sim;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code sim:eject-request} and {@code sim:surprise-remove}. Gogo maps a command name to a
 * method of the same name, and a Java method cannot have a hyphen; a service that is a Gogo
 * {@link Function} receives its arguments as they are, so these two are Functions.
 */
final class HyphenatedSimCommands {

    private HyphenatedSimCommands() {
    }

    private static Object onePath(CommandSession session, List<Object> arguments, String usage,
            java.util.function.BiFunction<CommandSession, String, String> command) {
        if (arguments.size() != 1 || arguments.get(0) == null) {
            return SimCommands.done(session, 2, "usage: " + usage);
        }
        return command.apply(session, arguments.get(0).toString());
    }

    @Component(service = Function.class, property = { "osgi.command.scope=sim",
            "osgi.command.function=eject-request" })
    public static final class EjectRequest implements Function {
        private final SimCommands commands;

        @Activate
        public EjectRequest(@Reference SimCommands commands) {
            this.commands = commands;
        }

        @Override
        public Object execute(CommandSession session, List<Object> arguments) {
            return onePath(session, arguments, "sim:eject-request PATH (press the eject button of a present device)",
                    commands::ejectRequest);
        }
    }

    @Component(service = Function.class, property = { "osgi.command.scope=sim",
            "osgi.command.function=surprise-remove" })
    public static final class SurpriseRemove implements Function {
        private final SimCommands commands;

        @Activate
        public SurpriseRemove(@Reference SimCommands commands) {
            this.commands = commands;
        }

        @Override
        public Object execute(CommandSession session, List<Object> arguments) {
            return onePath(session, arguments, "sim:surprise-remove PATH (pull a device out without asking the OS)",
                    commands::surpriseRemove);
        }
    }
}
