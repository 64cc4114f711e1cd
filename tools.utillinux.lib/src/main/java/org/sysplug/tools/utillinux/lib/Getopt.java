package org.sysplug.tools.utillinux.lib;

import java.util.ArrayList;
import java.util.List;

/**
 * GNU {@code getopt_long} as util-linux's chcpu, chmem and lsmem call it, with their mutually exclusive
 * options ({@code err_exclusive_options}): options are handed to the tool one by one in the
 * order given, so that an error stops the run where util-linux would stop it; operands may stand
 * anywhere (GNU permutes them to the end) and {@code --} ends the options. Long options may be
 * abbreviated to a unique prefix and take their argument as {@code --opt=value} or as the next
 * word; short options may be grouped ({@code -vb}) and take theirs attached or as the next word.
 * Error texts are glibc's.
 */
public final class Getopt {

    /**
     * A long option: its name, whether it takes an argument, the short option it stands for, and
     * whether its argument is optional (given only as {@code --opt=value}, as lsmem's
     * {@code --summary[=when]}).
     */
    public record LongOption(String name, boolean hasArg, char val, boolean optionalArg) {
        public LongOption(String name, boolean hasArg, char val) {
            this(name, hasArg, val, false);
        }

        /** An option whose argument is optional ({@code optional_argument}). */
        public static LongOption optional(String name, char val) {
            return new LongOption(name, false, val, true);
        }
    }

    /** What the tool does with one option, in order; it may end the run by throwing. */
    @FunctionalInterface
    public interface OptionHandler {
        void option(char c, String arg) throws ToolExit;
    }

    private final String prog;
    private final String shortopts;
    private final List<LongOption> longopts;
    private final char[][] exclusive;

    /**
     * @param shortopts as getopt's optstring: a letter, followed by ':' when it takes an argument,
     *        by '::' when its argument is optional (then given only in the same word: {@code -eCPU})
     * @param exclusive groups of options that cannot be combined (util-linux's ul_excl_t rows)
     */
    public Getopt(String prog, String shortopts, List<LongOption> longopts, char[]... exclusive) {
        this.prog = prog;
        this.shortopts = shortopts;
        this.longopts = List.copyOf(longopts);
        this.exclusive = exclusive.clone();
    }

    /** Hands every option to {@code handler} in order and returns the operands. */
    public List<String> parse(List<String> args, OptionHandler handler) throws ToolExit {
        int[] seen = new int[exclusive.length];
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.startsWith("--")) {
                i = longOption(args, i, handler, seen);
            } else if (a.startsWith("-") && a.length() > 1) {
                i = shortOptions(args, i, handler, seen);
            } else {
                operands.add(a);
            }
        }
        return operands;
    }

    private int longOption(List<String> args, int i, OptionHandler handler, int[] seen) throws ToolExit {
        String body = args.get(i).substring(2);
        int eq = body.indexOf('=');
        String name = eq >= 0 ? body.substring(0, eq) : body;
        String value = eq >= 0 ? body.substring(eq + 1) : null;
        LongOption found = null;
        List<LongOption> candidates = new ArrayList<>();
        for (LongOption l : longopts) {
            if (l.name().equals(name)) {
                found = l;
                break;
            }
            if (l.name().startsWith(name)) {
                candidates.add(l);
            }
        }
        if (found == null) {
            if (candidates.isEmpty()) {
                throw ToolExit.tryHelp(prog, "unrecognized option '--" + body + "'");
            }
            found = candidates.get(0);
            for (LongOption c : candidates) {
                // glibc: prefixes of options that do the same thing are not ambiguous
                if (c.hasArg() != found.hasArg() || c.val() != found.val()) {
                    StringBuilder b = new StringBuilder("option '--" + name + "' is ambiguous; possibilities:");
                    candidates.forEach(x -> b.append(" '--").append(x.name()).append('\''));
                    throw ToolExit.tryHelp(prog, b.toString());
                }
            }
        }
        if (!found.hasArg() && !found.optionalArg() && value != null) {
            throw ToolExit.tryHelp(prog, "option '--" + found.name() + "' doesn't allow an argument");
        }
        if (found.hasArg() && value == null) {
            if (i + 1 >= args.size()) {
                throw ToolExit.tryHelp(prog, "option '--" + found.name() + "' requires an argument");
            }
            value = args.get(++i);
        }
        deliver(found.val(), value, handler, seen);
        return i;
    }

    private int shortOptions(List<String> args, int i, OptionHandler handler, int[] seen) throws ToolExit {
        String a = args.get(i);
        for (int k = 1; k < a.length(); k++) {
            char c = a.charAt(k);
            int at = shortopts.indexOf(c);
            if (at < 0 || c == ':') {
                throw ToolExit.tryHelp(prog, "invalid option -- '" + c + "'");
            }
            boolean needsArg = at + 1 < shortopts.length() && shortopts.charAt(at + 1) == ':';
            boolean optionalArg = needsArg && at + 2 < shortopts.length() && shortopts.charAt(at + 2) == ':';
            if (optionalArg) {
                // "e::": an optional argument is only the rest of the word (-eCPU), never the next word
                deliver(c, k + 1 < a.length() ? a.substring(k + 1) : null, handler, seen);
                break;
            }
            if (!needsArg) {
                deliver(c, null, handler, seen);
                continue;
            }
            String value;
            if (k + 1 < a.length()) {
                value = a.substring(k + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw ToolExit.tryHelp(prog, "option requires an argument -- '" + c + "'");
            }
            deliver(c, value, handler, seen);
            break;
        }
        return i;
    }

    private void deliver(char c, String value, OptionHandler handler, int[] seen) throws ToolExit {
        for (int g = 0; g < exclusive.length; g++) {
            for (char e : exclusive[g]) {
                if (e != c) {
                    continue;
                }
                if (seen[g] == 0) {
                    seen[g] = c;
                } else if (seen[g] != c) {
                    throw ToolExit.errx(prog, "options " + display((char) seen[g]) + " and " + display(c)
                            + " cannot be combined");
                }
            }
        }
        handler.option(c, value);
    }

    /** An option as err_exclusive_options names it: its long name, else the letter. */
    private String display(char c) {
        for (LongOption l : longopts) {
            if (l.val() == c) {
                return "--" + l.name();
            }
        }
        return "-" + c;
    }

    /** util-linux's USAGE_HELP_OPTIONS: the --help and --version lines, descriptions at column {@code margin}. */
    public static String helpOptions(int margin) {
        return "\n" + String.format("%-" + margin + "s%s\n", " -h, --help", "display this help")
                + String.format("%-" + margin + "s%s\n", " -V, --version", "display version");
    }
}
