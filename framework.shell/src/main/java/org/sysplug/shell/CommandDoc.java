package org.sysplug.shell;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.felix.gogo.runtime.CommandProxy;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;

/**
 * One command as {@code help}, usage errors and completion describe it, read from what its
 * service declares: Gogo's {@code @Descriptor} and {@code @Parameter} on its methods (or
 * {@code @Descriptor} on the class of a {@link Function} command) and sysplug's {@link Help}.
 * Nothing is written twice: the options of a usage line are the command's {@code @Parameter}s.
 *
 * @param name the scoped name, as Gogo keys it ({@code sysplug:request})
 * @param description what it does, as its {@code @Descriptor} says
 * @param usages one usage line per signature ({@code sysplug:request [--json] ID})
 * @param options the options of every signature, in declaration order
 * @param operands for each signature, the parameters without an option name, with their descriptions
 * @param examples whole command lines
 * @param complete what each operand is ({@link Operand}); the last repeats
 * @param helpOption the option that makes the command print its own help, or empty
 */
public record CommandDoc(String name, String description, List<String> usages, List<Option> options,
        List<Option> operands, List<String> examples, List<String> complete, String helpOption) {

    /** An option ({@code names} its spellings, {@code flag} when it takes no value), or an operand (no names). */
    public record Option(List<String> names, String description, boolean flag, Class<?> type) {

        /** {@code --deadline}: the longest spelling, the one an operator reads best. */
        public String longName() {
            return names.stream().reduce((a, b) -> b.length() > a.length() ? b : a).orElse("");
        }

        /** How the usage shows the option's value: {@code ZONE} for {@code --zone}; empty for a flag. */
        public String placeholder() {
            return flag ? "" : longName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT);
        }
    }

    public CommandDoc {
        usages = List.copyOf(usages);
        options = List.copyOf(options);
        operands = List.copyOf(operands);
        examples = List.copyOf(examples);
        complete = List.copyOf(complete);
    }

    /** The scope, {@code sysplug} of {@code sysplug:request}. */
    public String scope() {
        return name.substring(0, name.indexOf(':'));
    }

    /** The description's first clause, for one line of a list. */
    public String summary() {
        String d = description;
        for (String stop : new String[] { "; ", ": ", ". ", " (" }) {
            int at = d.indexOf(stop);
            if (at > 0) {
                d = d.substring(0, at);
            }
        }
        return d;
    }

    /**
     * Whether a command is kept out of lists and completion: the Java objects Gogo's default
     * profile exposes as commands (every public method of System and of the BundleContext, scopes
     * {@code system} and {@code context}), and Gogo's internal {@code __} functions.
     */
    public static boolean hidden(String name) {
        return name.startsWith("system:") || name.startsWith("context:") || name.contains(":__");
    }

    /** Every command the session knows, scoped, sorted. */
    public static List<String> commands(CommandSession session) {
        TreeSet<String> names = new TreeSet<>();
        if (session.get(".commands") instanceof Collection<?> all) {
            all.forEach(c -> names.add(String.valueOf(c)));
        }
        return List.copyOf(names);
    }

    /**
     * The scoped name Gogo runs for {@code typed} in this session: itself when scoped, else the
     * first scope of the session's {@code SCOPE} path that has it (Gogo's own rule), or empty.
     */
    public static Optional<String> resolve(CommandSession session, String typed) {
        String name = typed.toLowerCase(Locale.ROOT);
        List<String> commands = commands(session);
        if (name.indexOf(':') >= 0) {
            return commands.contains(name) ? Optional.of(name) : Optional.empty();
        }
        Object path = session.get("SCOPE");
        for (String scope : (path == null ? "*" : path.toString()).split(":")) {
            for (String command : commands) {
                if (scope.equals("*") ? command.endsWith(":" + name) : command.equals(scope + ":" + name)) {
                    return Optional.of(command);
                }
            }
        }
        return Optional.empty();
    }

    /** The command {@code typed} names in this session, described; empty when there is none or it is not a service. */
    public static Optional<CommandDoc> find(CommandSession session, String typed) {
        Optional<String> name = resolve(session, typed);
        if (name.isEmpty() || !(session.get(name.get()) instanceof CommandProxy proxy)) {
            return Optional.empty();
        }
        Object target = proxy.getTarget();
        try {
            return Optional.ofNullable(target).map(t -> of(name.get(), t));
        } finally {
            proxy.ungetTarget();
        }
    }

    /** The command {@code name} (scoped) whose service object is {@code target}. */
    public static CommandDoc of(String name, Object target) {
        String function = name.substring(name.indexOf(':') + 1);
        if (target instanceof Function) {
            Class<?> type = target.getClass();
            Help help = type.getAnnotation(Help.class);
            Descriptor descriptor = type.getAnnotation(Descriptor.class);
            String usage = name + (help == null || help.operands().isEmpty() ? "" : " " + help.operands());
            return new CommandDoc(name, descriptor == null ? "" : descriptor.value(), List.of(usage), List.of(), List.of(),
                    help == null ? List.of() : List.of(help.examples()), help == null ? List.of() : List.of(help.complete()),
                    help == null ? "" : help.helpOption());
        }
        List<String> usages = new ArrayList<>();
        List<Option> options = new ArrayList<>();
        List<Option> operands = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        List<String> complete = new ArrayList<>();
        String description = "";
        List<Method> methods = new ArrayList<>(List.of(target.getClass().getMethods()));
        // the simplest signature first: its description is the command's (help before help COMMAND)
        methods.sort(Comparator.comparingInt(Method::getParameterCount));
        for (Method method : methods) {
            if (!method.getName().equalsIgnoreCase(function) && !method.getName().equalsIgnoreCase("_" + function)) {
                continue;
            }
            Descriptor d = method.getAnnotation(Descriptor.class);
            if (d != null && description.isEmpty()) {
                description = d.value();
            }
            Help help = method.getAnnotation(Help.class);
            if (help != null) {
                examples.addAll(List.of(help.examples()));
                if (complete.isEmpty()) {
                    complete.addAll(List.of(help.complete()));
                }
            }
            usages.add(usage(name, method, help, options, operands));
        }
        return new CommandDoc(name, description, usages, options, operands, examples, complete, "");
    }

    /** One signature's usage line; adds its options and operands to the lists. */
    private static String usage(String name, Method method, Help help, List<Option> options, List<Option> operands) {
        StringBuilder line = new StringBuilder(name);
        StringBuilder generated = new StringBuilder();
        Class<?>[] types = method.getParameterTypes();
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == CommandSession.class) {
                continue;
            }
            Parameter p = annotation(annotations[i], Parameter.class);
            Descriptor d = annotation(annotations[i], Descriptor.class);
            String text = d == null ? "" : d.value();
            if (p != null) {
                boolean flag = !Parameter.UNSPECIFIED.equals(p.presentValue());
                Option option = new Option(List.of(p.names()), text, flag, types[i]);
                if (!options.contains(option)) {
                    options.add(option);
                }
                line.append(" [").append(option.longName()).append(flag ? "" : " " + option.placeholder()).append(']');
            } else {
                Option operand = new Option(List.of(), text, false, types[i]);
                if (!operands.contains(operand)) {
                    operands.add(operand);
                }
                generated.append(' ').append(placeholder(types[i], text));
            }
        }
        return line.append(help != null && !help.operands().isEmpty() ? " " + help.operands() : generated).toString();
    }

    /** An operand without {@link Help#operands()}: its short description, else its type. */
    private static String placeholder(Class<?> type, String description) {
        boolean many = type.isArray();
        Class<?> one = many ? type.getComponentType() : type;
        String word = !description.isEmpty() && description.length() <= 24
                ? "<" + description + ">"
                : one == long.class || one == int.class || one == Long.class || one == Integer.class ? "N" : "ARG";
        return many ? "[" + word + "...]" : word;
    }

    private static <A extends Annotation> A annotation(Annotation[] annotations, Class<A> type) {
        for (Annotation a : annotations) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }
}
