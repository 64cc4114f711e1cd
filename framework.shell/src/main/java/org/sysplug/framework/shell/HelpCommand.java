package org.sysplug.framework.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;
import org.sysplug.shell.CommandDoc;
import org.sysplug.shell.Help;
import org.sysplug.shell.ShellStatus;

/**
 * {@code help}: sysplug's commands first, grouped by scope with one line each, then the rest;
 * {@code help COMMAND}: its usage, options, operands and examples, or, for util-linux's tools,
 * their own {@code --help}. Scope {@code sysplug}, so that {@code help} at a prompt whose
 * {@code SCOPE} starts with {@code sysplug} is this one rather than Gogo's.
 */
@Component(service = HelpCommand.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=help" })
public final class HelpCommand {

    /** The scopes listed first, in this order, with one line per command. */
    static final List<String> FIRST = List.of("sysplug", "sim", "config", "log", "events");

    @Descriptor("list the commands: sysplug's and the simulator's first, with what each does")
    @Help(examples = { "help", "help sysplug:online" })
    public String help(CommandSession session) {
        ShellStatus.done(session, ShellStatus.OK, null);
        return list(session);
    }

    @Descriptor("explain one command: its usage, options and an example")
    @Help(operands = "COMMAND", examples = "help sysplug:online")
    public Object help(CommandSession session, @Descriptor("the command, e.g. sysplug:online or online") String command)
            throws Exception {
        Optional<CommandDoc> doc = CommandDoc.find(session, command);
        if (doc.isEmpty()) {
            boolean exists = CommandDoc.resolve(session, command).isPresent();
            return ShellStatus.done(session, exists ? ShellStatus.OK : ShellStatus.USAGE, new Views.Message(exists
                    ? command + ": a shell built-in without a description"
                    : command + ": no such command; 'help' lists the commands"));
        }
        if (!doc.get().helpOption().isEmpty() && session.get(doc.get().name()) instanceof Function tool) {
            // the tool's own usage, exactly as its --help prints it (and with its exit status)
            return tool.execute(session, new ArrayList<>(List.of(doc.get().helpOption())));
        }
        ShellStatus.done(session, ShellStatus.OK, null);
        return describe(doc.get());
    }

    /** {@code help} alone. */
    static String list(CommandSession session) {
        Map<String, List<CommandDoc>> first = new LinkedHashMap<>();
        FIRST.forEach(scope -> first.put(scope, new ArrayList<>()));
        Map<String, List<String>> rest = new LinkedHashMap<>();
        for (String name : CommandDoc.commands(session)) {
            String scope = name.substring(0, name.indexOf(':'));
            if (first.containsKey(scope)) {
                CommandDoc.find(session, name).ifPresent(first.get(scope)::add);
            } else if (!CommandDoc.hidden(name)) {
                rest.computeIfAbsent(scope, s -> new ArrayList<>()).add(name.substring(scope.length() + 1));
            }
        }
        StringBuilder text = new StringBuilder();
        int width = first.values().stream().flatMap(List::stream).mapToInt(d -> d.name().length()).max().orElse(0);
        first.forEach((scope, docs) -> {
            if (docs.isEmpty()) {
                return;
            }
            text.append(scope).append(" commands:\n");
            for (CommandDoc doc : docs) {
                text.append(String.format("  %-" + width + "s  %s%n", doc.name(), doc.summary()).stripTrailing()).append('\n');
            }
            text.append('\n');
        });
        text.append("other commands (Gogo and Felix), by scope:\n");
        rest.forEach((scope, names) -> text.append(wrap("  " + scope + ": ", String.join(" ", names))));
        text.append("\n'help COMMAND' explains one; TAB completes commands, options and operands; "
                + "'exit' or Ctrl-D leaves the prompt.");
        return text.toString();
    }

    /** {@code help COMMAND} of a described command. */
    static String describe(CommandDoc doc) {
        StringBuilder text = new StringBuilder(doc.name());
        if (!doc.description().isEmpty()) {
            text.append(" - ").append(doc.description());
        }
        text.append("\n\n");
        doc.usages().forEach(u -> text.append("usage: ").append(u).append('\n'));
        if (!doc.options().isEmpty()) {
            text.append("\noptions:\n");
            for (CommandDoc.Option o : doc.options()) {
                String names = String.join(", ", o.names()) + (o.flag() ? "" : " " + o.placeholder());
                text.append(String.format("  %-24s %s%n", names, o.description()));
            }
        }
        List<CommandDoc.Option> described = doc.operands().stream().filter(o -> !o.description().isEmpty()).toList();
        if (!described.isEmpty()) {
            text.append("\noperands:\n");
            described.forEach(o -> text.append("  ").append(o.description()).append('\n'));
        }
        if (!doc.examples().isEmpty()) {
            text.append(doc.examples().size() == 1 ? "\nexample:\n" : "\nexamples:\n");
            doc.examples().forEach(e -> text.append("  ").append(e).append('\n'));
        }
        return text.toString().stripTrailing();
    }

    /** {@code prefix} and the words, wrapped at 100 columns under the first word. */
    private static String wrap(String prefix, String words) {
        StringBuilder text = new StringBuilder(prefix);
        int column = prefix.length();
        for (String word : words.split(" ")) {
            if (column + word.length() > 100 && column > prefix.length()) {
                text.setLength(text.length() - 1);
                text.append('\n').append(" ".repeat(prefix.length()));
                column = prefix.length();
            }
            text.append(word).append(' ');
            column += word.length() + 1;
        }
        return text.toString().stripTrailing() + "\n";
    }
}
