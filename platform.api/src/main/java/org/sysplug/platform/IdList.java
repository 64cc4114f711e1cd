package org.sysplug.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.TreeSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ids in util-linux list syntax ({@code lscpu}, {@code chcpu}, {@code taskset -c}):
 * {@code 0-3,8,10-14:2}.
 *
 * <p>The grammar {@link #parse} accepts is the one util-linux's {@code cpulist_parse} documents and
 * accepts: items joined by commas, each an id ({@code 8}), a range ({@code 0-3}, both ends
 * included) or a range with a stride ({@code 10-14:2} = 10, 12, 14); ids are decimal digits, no
 * sign, no spaces anywhere. Like util-linux it refuses an empty list, an empty item ({@code 1,,2},
 * a leading or trailing comma), a range that goes backwards ({@code 3-1}), a stride of 0, a stride
 * without a range ({@code 1:2}) and ids it cannot hold. Where util-linux only looks at the end of
 * the last item and so lets garbage through before a comma ({@code 1x,2}, {@code 1:2,3},
 * {@code 1 ,2}, {@code 1 -3}) or wraps ids past 2<sup>32</sup> silently, this parser refuses: a
 * list that names devices to take offline must mean exactly what it says.
 */
public final class IdList {

    /** The largest id a device name holds: {@link org.sysplug.framework.Target} allows 9 digits. */
    public static final int MAX_ID = 999_999_999;
    /** The most ids one list may name, so that {@code 0-999999999} fails at once instead of filling memory. */
    public static final int MAX_COUNT = 65_536;

    private static final String EXAMPLE = "0-3,8,10-14:2";

    private IdList() {
    }

    /**
     * Formats ids as the kernel prints {@code cpulist} files: sorted, repeats dropped, runs as
     * ranges ({@code 8-11,14}); an empty collection is the empty string.
     */
    public static String format(Collection<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        int first = -1;
        int last = -1;
        for (int id : new TreeSet<>(ids)) {
            if (first >= 0 && id == last + 1) {
                last = id;
                continue;
            }
            appendRun(sb, first, last);
            first = id;
            last = id;
        }
        appendRun(sb, first, last);
        return sb.toString();
    }

    /** {@code cpu8-11,14}: the ids formatted after a device class, as messages name devices. */
    public static String format(String prefix, Collection<Integer> ids) {
        return prefix + format(ids);
    }

    private static void appendRun(StringBuilder sb, int first, int last) {
        if (first < 0) {
            return;
        }
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(first);
        if (last != first) {
            sb.append('-').append(last);
        }
    }

    /** {@link #parse(String, int, int)} with the bounds of device names. */
    public static List<Integer> parse(String text) {
        return parse(text, MAX_ID, MAX_COUNT);
    }

    /**
     * Parses a list: the ids in the order the list names them, each once (a later repeat is dropped,
     * as util-linux's bit set ignores it).
     *
     * @param maxId the largest id accepted
     * @param maxCount the most ids the list may name, repeats included
     * @throws IllegalArgumentException naming the list, the bad item and what is wrong with it
     */
    public static List<Integer> parse(String text, int maxId, int maxCount) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty list: name at least one id, as in " + EXAMPLE);
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                throw bad(text, "it contains whitespace; write it as one word without spaces, as in " + EXAMPLE);
            }
        }
        String[] items = text.split(",", -1);
        Set<Integer> ids = new LinkedHashSet<>();
        long named = 0;
        for (int n = 0; n < items.length; n++) {
            String item = items[n];
            if (item.isEmpty()) {
                String where = items.length == 1 ? "" : n == 0 ? " (a comma at the start)"
                        : n == items.length - 1 ? " (a comma at the end)" : " (two commas in a row)";
                throw bad(text, "item " + (n + 1) + " is empty" + where);
            }
            Item parsed = item(text, item, maxId);
            named += parsed.count();
            if (named > maxCount) {
                throw bad(text, "it names " + (named == parsed.count() ? "" : "at least ") + named
                        + " ids, more than the " + maxCount + " one request may take");
            }
            for (long id = parsed.first(); id <= parsed.last(); id += parsed.stride()) {
                ids.add((int) id);
            }
        }
        return List.copyOf(new ArrayList<>(ids));
    }

    /** One item: {@code a}, {@code a-b} or {@code a-b:s}. */
    private record Item(long first, long last, long stride) {
        long count() {
            return (last - first) / stride + 1;
        }
    }

    private static Item item(String text, String item, int maxId) {
        int dash = item.indexOf('-');
        int colon = item.indexOf(':');
        if (dash < 0) {
            if (colon >= 0) {
                throw bad(text, "item '" + item + "': a stride needs a range, as in 0-8:2");
            }
            long id = number(text, item, item, "id", maxId);
            return new Item(id, id, 1);
        }
        if (dash == 0) {
            throw bad(text, "item '" + item + "' starts with '-': ids are not negative; a range is first-last, as in 0-3");
        }
        String firstText = item.substring(0, dash);
        String rest = item.substring(dash + 1);
        if (colon >= 0 && colon < dash) {
            throw bad(text, "item '" + item + "': the stride comes after the range, as in 0-8:2");
        }
        String lastText = colon < 0 ? rest : item.substring(dash + 1, colon);
        if (lastText.isEmpty()) {
            throw bad(text, "range '" + item + "' has no last id, as in 0-3");
        }
        long first = number(text, item, firstText, "id", maxId);
        long last = number(text, item, lastText, "id", maxId);
        long stride = 1;
        if (colon >= 0) {
            String strideText = item.substring(colon + 1);
            if (strideText.isEmpty()) {
                throw bad(text, "range '" + item + "' has no stride after ':', as in 0-8:2");
            }
            stride = number(text, item, strideText, "stride", Integer.MAX_VALUE);
            if (stride == 0) {
                throw bad(text, "range '" + item + "' has stride 0; the stride is 1 or more");
            }
        }
        if (first > last) {
            throw bad(text, "range '" + item + "' goes backwards; write " + last + "-" + first
                    + (colon >= 0 ? item.substring(colon) : ""));
        }
        return new Item(first, last, stride);
    }

    /** Decimal digits, nothing else, at most {@code max}. */
    private static long number(String text, String item, String digits, String what, long max) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                String why = digits.equals(item) ? "'" + item + "' is not an id"
                        : "'" + digits + "' in item '" + item + "' is not a number";
                throw bad(text, why + "; an item is an id, a range first-last or a range with a stride first-last:step,"
                        + " as in " + EXAMPLE);
            }
        }
        int significant = 0;
        while (significant < digits.length() - 1 && digits.charAt(significant) == '0') {
            significant++;
        }
        String value = digits.substring(significant);
        if (value.length() > 18 || Long.parseLong(value) > max) {
            throw bad(text, what + " " + digits + (digits.equals(item) ? "" : " in item '" + item + "'")
                    + " is too large: at most " + max);
        }
        return Long.parseLong(value);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("invalid list '" + text + "': " + why);
    }
}
