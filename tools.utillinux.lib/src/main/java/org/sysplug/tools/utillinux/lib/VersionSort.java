package org.sysplug.tools.utillinux.lib;

import java.util.Comparator;

/**
 * glibc's {@code strverscmp}, the order of {@code versionsort} in which chmem visits the
 * {@code memoryN} entries: digit runs compare as numbers ({@code memory9 < memory10}); a run
 * with leading zeros is a fraction and sorts before plain numbers ({@code memory09 < memory9}).
 */
public final class VersionSort {

    /** versionsort on entry names. */
    public static final Comparator<String> ORDER = VersionSort::compare;

    // states of strverscmp's automaton: normal, integral part, fractional part, leading zeros
    private static final int S_N = 0;
    private static final int S_I = 3;
    private static final int S_F = 6;
    private static final int S_Z = 9;
    private static final int CMP = 2;
    private static final int LEN = 3;

    /** The state after a character, by state and class (other, digit 1-9, zero). */
    private static final int[] NEXT_STATE = {
        /* S_N */ S_N, S_I, S_Z,
        /* S_I */ S_N, S_I, S_I,
        /* S_F */ S_N, S_F, S_F,
        /* S_Z */ S_N, S_F, S_Z,
    };

    /** How the first difference decides, by state and the classes of the two characters. */
    private static final int[] RESULT = {
        /* S_N */ CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP,
        /* S_I */ CMP, -1, -1, +1, LEN, LEN, +1, LEN, LEN,
        /* S_F */ CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP,
        /* S_Z */ CMP, +1, +1, -1, CMP, CMP, -1, CMP, CMP,
    };

    private VersionSort() {
    }

    private static int at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int kind(int c) {
        return (c == '0' ? 1 : 0) + (isDigit(c) ? 1 : 0);
    }

    public static int compare(String a, String b) {
        int i = 0;
        int c1 = at(a, i);
        int c2 = at(b, i);
        i++;
        int state = S_N + kind(c1);
        int diff;
        while ((diff = c1 - c2) == 0) {
            if (c1 == 0) {
                return 0;
            }
            state = NEXT_STATE[state];
            c1 = at(a, i);
            c2 = at(b, i);
            i++;
            state += kind(c1);
        }
        int result = RESULT[state * 3 + kind(c2)];
        if (result == CMP) {
            return diff;
        }
        if (result == LEN) {
            // the longer run of digits is the larger number
            int j = i;
            while (isDigit(at(a, j))) {
                if (!isDigit(at(b, j))) {
                    return 1;
                }
                j++;
            }
            return isDigit(at(b, j)) ? -1 : diff;
        }
        return result;
    }
}
