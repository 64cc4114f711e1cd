package org.sysplug.remote.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request's origin as a label value of bounded cardinality. Origins are free text chosen by
 * callers ({@code shell}, {@code firmware}, {@code reconcile 12 retry}, a remote caller's address):
 * the label keeps the leading word only, and past {@link #LIMIT} distinct words every new one is
 * {@code other}, so that no caller can grow the series without bound.
 */
final class OriginLabel {

    /** Distinct origin words kept as they are; more than the platform's own callers ever use. */
    static final int LIMIT = 16;
    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** The label value for {@code origin}. */
    String of(String origin) {
        String word = leadingWord(origin);
        if (word.isEmpty()) {
            return UNKNOWN;
        }
        if (seen.contains(word)) {
            return word;
        }
        synchronized (seen) {
            if (seen.size() < LIMIT) {
                seen.add(word);
                return word;
            }
        }
        return OTHER;
    }

    /** Lower-case letters, digits, '-' and '_' from the start, at most 32 of them. */
    static String leadingWord(String origin) {
        String text = origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < text.length() && end < 32) {
            char c = text.charAt(end);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                break;
            }
            end++;
        }
        return text.substring(0, end);
    }
}
