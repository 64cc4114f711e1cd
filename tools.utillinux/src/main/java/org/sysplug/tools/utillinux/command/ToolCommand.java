package org.sysplug.tools.utillinux.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.shell.ShellStatus;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * What the four util-linux commands share: a tree given with {@code --sysroot DIR}, else the
 * running machine, and the tool's result printed (stdout, then stderr) with its exit status left
 * in the session as every sysplug command leaves it ({@link ShellStatus}). They are Gogo
 * {@link Function}s rather than annotated methods, so that the tools' own options (short, long,
 * {@code --opt=value}, unique prefixes, options after operands) reach them as typed.
 */
abstract class ToolCommand implements Function {

    private final String name;

    ToolCommand(String name) {
        this.name = name;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = new ArrayList<>();
        arguments.forEach(a -> args.add(String.valueOf(a)));
        ToolResult r = run(session, args);
        // a tool that prints nothing (chmem without -v) shows nothing, not an empty line
        return ShellStatus.done(session, r.exitCode(), r.text().isEmpty() ? null : r.text());
    }

    /**
     * The tool's usage, what {@code --help} prints, as util-linux prints it for the options this
     * tool has (and naming those it has not): for {@code help} and other callers without a shell.
     */
    public abstract String usage();

    /** The whole command without a shell: on the tree {@code --sysroot} names, or on the running machine. */
    ToolResult run(List<String> args) {
        return run(null, args);
    }

    /** The whole command in {@code session} (null: none), which a change waits in for its request. */
    ToolResult run(CommandSession session, List<String> args) {
        if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
            return new ToolResult(usage(), "", 0); // needs neither a tree nor a running machine
        }
        String sysroot = sysroot(args);
        if (sysroot == null) {
            return onMachine(session, args);
        }
        Sysroot root;
        try {
            root = open(sysroot);
        } catch (UnusableTree e) {
            return failed(e.getMessage());
        }
        // the tree's directories stay open for the command (each read walks from an open directory,
        // never through a link) and are closed when it ends
        try (root) {
            return onTree(root, args);
        }
    }

    /** The tree named by {@code --sysroot DIR} among {@code args}, or null for the running machine. */
    abstract String sysroot(List<String> args);

    /** Opens the tree the way this tool uses it: read-only for a view, writable for a change; closed by the caller. */
    abstract Sysroot open(String sysroot) throws UnusableTree;

    abstract ToolResult onTree(Sysroot root, List<String> args);

    abstract ToolResult onMachine(CommandSession session, List<String> args);

    String name() {
        return name;
    }

    /** One line on stderr, {@code tool: message}, exit 1. */
    ToolResult failed(String message) {
        return new ToolResult("", name + ": " + message + "\n", 1);
    }

    /** A {@code --sysroot} that cannot be used, with the message the tool prints for it. */
    static final class UnusableTree extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableTree(String message) {
            super(message, null, false, false);
        }
    }
}
