package org.sysplug.shell.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.sysplug.shell.CommandDoc;

/**
 * TAB at the prompt: the first word completes to a command (scoped or not, with what it does);
 * after a sysplug or sim command, a word starting with {@code -} completes to its options and
 * any other word to the values its operand may take now ({@link OperandSource}, by the kinds of
 * {@code @Help(complete = ...)}). Other commands get gogo.jline's completion (files, its own
 * completion data).
 */
final class CommandCompleter implements Completer {

    private final CommandSession session;
    private final OperandSource operands;
    private final Completer gogo;

    CommandCompleter(CommandSession session, OperandSource operands, Completer gogo) {
        this.session = session;
        this.operands = operands;
        this.gogo = gogo;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (!completable(line.word())) {
            return;
        }
        if (line.wordIndex() == 0) {
            commands(candidates);
            return;
        }
        Optional<CommandDoc> doc = CommandDoc.find(session, line.words().get(0));
        if (doc.isEmpty() || (doc.get().options().isEmpty() && doc.get().complete().isEmpty())) {
            gogo.complete(reader, line, candidates);
            return;
        }
        List<String> before = line.words().subList(1, line.wordIndex());
        if (line.word().startsWith("-")) {
            for (CommandDoc.Option option : doc.get().options()) {
                String name = option.longName();
                candidates.add(new Candidate(name, name, null, option.description(), null, null, true));
            }
            return;
        }
        if (expectsOptionValue(doc.get(), before)) {
            return;
        }
        List<String> kinds = doc.get().complete();
        List<String> operandsBefore = operands(doc.get(), before);
        if (kinds.isEmpty()) {
            return;
        }
        String kind = kinds.get(Math.min(operandsBefore.size(), kinds.size() - 1));
        for (OperandSource.Value value : operands.values(kind, operandsBefore)) {
            candidates.add(new Candidate(value.value(), value.value(), null,
                    value.description().isEmpty() ? null : value.description(), null, null, true));
        }
    }

    /**
     * Whether a word can be completed without damaging it. A word with a quote or a backslash
     * (a quoted firmware path) is left alone: the parser's unescaped word and the raw line differ
     * in length, and replacing it rewrote {@code '\_SB.N} as {@code _SB.NN} or failed inside
     * JLine. So is a device list being typed ({@code 1-}, {@code 0,}): a candidate would replace
     * the whole list with one id.
     */
    static boolean completable(String word) {
        return word.chars().noneMatch(c -> c == '\\' || c == '\'' || c == '"')
                && !(word.matches(".*[0-9].*") && word.matches(".*[-,:].*") && !word.startsWith("-"));
    }

    private void commands(List<Candidate> candidates) {
        for (String name : CommandDoc.commands(session)) {
            if (CommandDoc.hidden(name)) {
                continue;
            }
            String group = name.substring(0, name.indexOf(':'));
            String description = group.equals("sysplug") || group.equals("sim")
                    ? CommandDoc.find(session, name).map(CommandDoc::summary).orElse(null) : null;
            candidates.add(new Candidate(name, name, group, description, null, null, true));
        }
    }

    /** The operands among the words typed: options, and the value each non-flag option takes, left out. */
    static List<String> operands(CommandDoc doc, List<String> words) {
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            Optional<CommandDoc.Option> option = option(doc, word);
            if (option.isPresent()) {
                if (!option.get().flag()) {
                    i++;
                }
            } else if (!word.startsWith("-")) {
                operands.add(word);
            }
        }
        return operands;
    }

    /** Whether the word being typed is the value of the option just before it ({@code --zone <TAB>}). */
    private static boolean expectsOptionValue(CommandDoc doc, List<String> before) {
        for (int i = 0; i < before.size(); i++) {
            Optional<CommandDoc.Option> option = option(doc, before.get(i));
            if (option.isPresent() && !option.get().flag()) {
                if (i == before.size() - 1) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    private static Optional<CommandDoc.Option> option(CommandDoc doc, String word) {
        return doc.options().stream().filter(o -> o.names().contains(word)).findFirst();
    }
}
