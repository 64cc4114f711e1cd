package org.sysplug.launcher;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns {@code main}'s argument array back into one Gogo command line, so that every argument
 * arrives at the command as exactly one argument with its text intact.
 *
 * <p>The shell that ran {@code java} has already split and unquoted the words; Gogo would split
 * and interpret them again ({@code $}, {@code ;}, {@code |}, braces, and {@code \} as an escape:
 * unquoted {@code \_SB.NOD1} would arrive as {@code _SB.NOD1}). Gogo's single quotes are literal,
 * as in a POSIX shell, so any word that is not plainly safe is single-quoted, and a single quote
 * inside it is written {@code '\''} (close, escaped quote, reopen; Gogo joins adjacent parts).
 */
public final class CommandLine {

    /** Words made only of these need no quoting and keep their Gogo meaning (e.g. {@code true}). */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:+-]+");

    private CommandLine() {
    }

    /**
     * The Gogo command line for these words (the first is the command name). A first word with
     * blanks in it is a whole command line given as one word ({@code "sysplug:offline cpu 3"}):
     * no command's name has a blank, so it is taken as Gogo reads a line, unquoted.
     */
    public static String of(List<String> words) {
        if (!words.isEmpty() && WHOLE_LINE.matcher(words.get(0)).find()) {
            return words.get(0).strip() + words.subList(1, words.size()).stream().map(w -> " " + quote(w))
                    .collect(Collectors.joining());
        }
        return words.stream().map(CommandLine::quote).collect(Collectors.joining(" "));
    }

    /** A first word that is a command line: a name, then blanks and more. */
    private static final Pattern WHOLE_LINE = Pattern.compile("^\\s*[A-Za-z0-9_.:-]+\\s+\\S");

    /** One word, quoted for Gogo when it needs to be. */
    public static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * The command name a line starts with, lower-cased as Gogo keys its commands, or null when
     * the line does not start with a plain name (an assignment, a closure, a quoted word...), in
     * which case there is nothing specific to wait for.
     */
    public static String commandName(String line) {
        String[] words = line.strip().split("\\s+", 3);
        if (words.length == 0 || !SAFE.matcher(words[0]).matches()) {
            return null;
        }
        if (words.length > 1 && words[1].equals("=")) {
            return null;
        }
        return words[0].toLowerCase(Locale.ROOT);
    }
}
