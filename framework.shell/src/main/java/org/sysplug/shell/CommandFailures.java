package org.sysplug.shell;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Optional;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.SyntaxError;
import org.apache.felix.service.command.CommandSession;

/**
 * What an operator reads when a command line fails by throwing, at the prompt and in a one-shot
 * run alike, and the exit status it leaves: never a Java exception's text. Gogo's refusal of
 * arguments that fit no signature of a command ({@code Cannot coerce request(Token) to any of
 * [...]}) becomes the command's usage; an unknown command says so and points to {@code help};
 * an unchecked exception from a command's code is an internal error whose details belong in
 * the log, not on the screen.
 */
public final class CommandFailures {

    /**
     * The explanation of one failure.
     *
     * @param status the exit status ({@link ShellStatus#USAGE} for anything the operator typed wrong)
     * @param message what to print, one or more lines
     * @param unexpected whether it is a defect to log with its stack trace
     */
    public record Explained(int status, String message, boolean unexpected) {
    }

    private static final String NO_FIT = "Cannot coerce ";
    private static final String NO_MATCH = "no matches found: ";

    private CommandFailures() {
    }

    /** Explains {@code failure}, thrown by running {@code line} in {@code session}. */
    public static Explained explain(CommandSession session, String line, Throwable failure) {
        Throwable f = unwrap(failure);
        String command = firstWord(line);
        String message = f.getMessage() == null ? "" : f.getMessage();
        if (f instanceof CommandNotFoundException notFound) {
            return usage(notFound.getCommand() + ": no such command; 'help' lists the commands");
        }
        if (f instanceof IllegalArgumentException && message.startsWith(NO_FIT)) {
            return usage(usageOf(session, command));
        }
        SyntaxError syntax = syntaxError(f);
        if (syntax != null) {
            return usage("cannot read that line: " + syntax.getMessage() + " (an unbalanced quote, bracket or brace?)");
        }
        if (f instanceof IOException && message.startsWith(NO_MATCH)) {
            return usage(message + ": * and ? are file name patterns at this prompt; quote the word ('*'), "
                    + "or write 'all' where a command takes all");
        }
        if (f instanceof InterruptedException) {
            return new Explained(ShellStatus.FAILED, command + ": interrupted", false);
        }
        boolean told = f instanceof IllegalArgumentException || f instanceof IllegalStateException || !(f instanceof RuntimeException);
        if (told && !message.isBlank() && clean(message)) {
            return new Explained(f instanceof IllegalArgumentException ? ShellStatus.USAGE : ShellStatus.FAILED,
                    command + ": " + message, false);
        }
        return new Explained(ShellStatus.FAILED, command + ": internal error, the command failed unexpectedly "
                + "(the log has the details: 'log 1' at the prompt)", true);
    }

    /**
     * The usage lines of {@code typed} in this session, with a pointer to its help: what a
     * command line that does not fit the command shows.
     */
    public static String usageOf(CommandSession session, String typed) {
        Optional<CommandDoc> doc = CommandDoc.find(session, typed);
        if (doc.isEmpty()) {
            return typed + ": these arguments do not fit it; 'help " + typed + "' shows what it takes";
        }
        StringBuilder text = new StringBuilder();
        for (String usage : doc.get().usages()) {
            text.append("usage: ").append(usage).append('\n');
        }
        return text.append("'help ").append(doc.get().name()).append("' explains it").toString();
    }

    /** Whether a message can be shown as it is: no Java type names, no Gogo internals. */
    static boolean clean(String message) {
        return !message.contains("java.") && !message.contains("Exception") && !message.contains(NO_FIT)
                && !message.contains("org.apache.");
    }

    private static Explained usage(String message) {
        return new Explained(ShellStatus.USAGE, message, false);
    }

    private static String firstWord(String line) {
        String[] words = line == null ? new String[0] : line.strip().split("\\s+", 2);
        return words.length == 0 || words[0].isEmpty() ? "command" : words[0];
    }

    /** Gogo's parser error, thrown as is or wrapped (in an EOFException by the parser of a script). */
    private static SyntaxError syntaxError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SyntaxError error) {
                return error;
            }
        }
        return null;
    }

    /** Reflection wrappers say nothing to the operator; their cause does. */
    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof InvocationTargetException || current instanceof UndeclaredThrowableException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
