package org.sysplug.shell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sysplug.platform.IdList;

/**
 * Device names as a person reads a long list of them: {@code memory1000-20999}, {@code cpu0-3,8},
 * {@code cpu0-3 memory8-9 \_SB.NOD1}, instead of 20,000 words. Each word is a device class and a
 * util-linux list of its ids ({@link IdList}), or a firmware path. The order of the names is kept
 * (a request runs its targets in the order given), so a class may appear in two words; a repeated
 * name starts a new word rather than vanish. Where the data matters to a program (JSON) the
 * commands print the full list instead.
 */
public final class DeviceNames {

    /** {@code cpu5}: the class and index of a name, as {@code org.sysplug.framework.Target} allows them. */
    private static final Pattern CLASS_INDEX = Pattern.compile("([a-z][a-z_]{0,31})([0-9]{1,9})");
    /** A compressed word: the class and a list of ids. */
    private static final Pattern CLASS_LIST = Pattern.compile("([a-z][a-z_]{0,31})([0-9][0-9,:-]*)");

    private DeviceNames() {
    }

    /** The names compressed, words joined by a space; the empty string for none. */
    public static String compress(Collection<String> names) {
        StringBuilder out = new StringBuilder();
        Word word = null;
        for (String name : names) {
            Matcher m = CLASS_INDEX.matcher(name);
            if (!m.matches()) {
                word = flush(out, word);
                append(out, name);
                continue;
            }
            String deviceClass = m.group(1);
            int id = Integer.parseInt(m.group(2));
            if (word == null || !word.deviceClass.equals(deviceClass) || !word.add(id)) {
                flush(out, word);
                word = new Word(deviceClass, id);
            }
        }
        flush(out, word);
        return out.toString();
    }

    /** {@link #compress(Collection)} of anything whose {@code toString()} is a device name (a Target). */
    public static String compressAll(Collection<?> devices) {
        List<String> names = new ArrayList<>(devices.size());
        devices.forEach(d -> names.add(d.toString()));
        return compress(names);
    }

    /**
     * The names a compressed text stands for, in order: the inverse of {@link #compress}.
     *
     * @throws IllegalArgumentException for a word that is neither a class with a list nor a path
     */
    public static List<String> parse(String text) {
        List<String> names = new ArrayList<>();
        for (String word : text.trim().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.startsWith("\\")) {
                names.add(word);
                continue;
            }
            Matcher m = CLASS_LIST.matcher(word);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + word + "' is not a device class with a list of ids, as in "
                        + "cpu0-3,8, nor a firmware path such as \\_SB.NOD1");
            }
            for (int id : IdList.parse(m.group(2))) {
                names.add(m.group(1) + id);
            }
        }
        return names;
    }

    private static void append(StringBuilder out, String word) {
        if (out.length() > 0) {
            out.append(' ');
        }
        out.append(word);
    }

    private static Word flush(StringBuilder out, Word word) {
        if (word != null) {
            append(out, word.text());
        }
        return null;
    }

    /** One word being built: a class and its ids in order, runs of consecutive ids as ranges. */
    private static final class Word {
        final String deviceClass;
        final StringBuilder items = new StringBuilder();
        final Set<Integer> ids = new HashSet<>();
        int first;
        int last;

        Word(String deviceClass, int id) {
            this.deviceClass = deviceClass;
            ids.add(id);
            first = id;
            last = id;
        }

        /** Adds an id; false when the word has it already (the name then starts a new word). */
        boolean add(int id) {
            if (!ids.add(id)) {
                return false;
            }
            if (id == last + 1) {
                last = id;
                return true;
            }
            closeRun();
            first = id;
            last = id;
            return true;
        }

        private void closeRun() {
            if (items.length() > 0) {
                items.append(',');
            }
            items.append(first);
            if (last != first) {
                items.append('-').append(last);
            }
        }

        String text() {
            closeRun();
            return deviceClass + items;
        }
    }
}
