package org.sysplug.tools.utillinux.lib;

/**
 * The C library's and util-linux's number conversions that chcpu and chmem apply to what the
 * operator types, with their exact acceptance rules and error texts: {@code strtoumax} (leading
 * blanks, a sign, {@code 0x} and octal with base 0), util-linux's {@code ul_strtou64} (no negative
 * numbers, nothing after the digits), {@code strtou64_or_err}/{@code strtox64_or_err} and
 * {@code strtosize_or_err} (sizes with K, M, G... suffixes, KiB/KB, decimal fractions). Values
 * are unsigned 64-bit, held in a {@code long}.
 */
public final class CNumbers {

    public static final String EINVAL = "Invalid argument";
    public static final String ERANGE = "Numerical result out of range";

    /** A conversion that failed, with the strerror text of the errno it set. */
    public static final class NumberError extends Exception {
        private static final long serialVersionUID = 1L;

        NumberError(String strerror) {
            super(strerror, null, false, false);
        }
    }

    /** {@code strtoumax} from {@code from}: the value, where parsing stopped, and ERANGE. */
    public record Parsed(long value, int end, boolean overflow, boolean negative) {
    }

    private CNumbers() {
    }

    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * {@code strtoumax(s + from, &end, base)}: blanks, a sign, then digits of {@code base} (0:
     * {@code 0x} hex, {@code 0} octal, else decimal; 16 accepts a {@code 0x} prefix). No digit:
     * value 0 and end = from. Overflow: the maximum and ERANGE. A minus negates (modulo 2^64).
     */
    public static Parsed strtoumax(String s, int from, int base) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        boolean hexPrefix = i + 1 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0;
        if (base == 0) {
            base = hexPrefix ? 16 : i < s.length() && s.charAt(i) == '0' ? 8 : 10;
        }
        if (base == 16 && hexPrefix) {
            i += 2;
        }
        int digitsFrom = i;
        long value = 0;
        boolean overflow = false;
        while (i < s.length()) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0 || s.charAt(i) > 0x7f) {
                break;
            }
            if (!overflow) {
                long limit = Long.divideUnsigned(-1L, base);
                if (Long.compareUnsigned(value, limit) > 0
                        || (value == limit && Long.compareUnsigned(d, Long.remainderUnsigned(-1L, base)) > 0)) {
                    overflow = true;
                } else {
                    value = value * base + d;
                }
            }
            i++;
        }
        if (i == digitsFrom) {
            return new Parsed(0, from, false, false);
        }
        if (overflow) {
            return new Parsed(-1L, i, true, negative);
        }
        return new Parsed(negative ? -value : value, i, false, negative && value != 0);
    }

    /**
     * util-linux's {@code ul_strtou64}: the whole string is one unsigned number; a negative one is
     * ERANGE (even with junk after it), so is one above 2^64-1; no digits or junk after them is EINVAL.
     */
    public static long strtou64(String s, int base) throws NumberError {
        if (s.isEmpty()) {
            throw new NumberError(EINVAL);
        }
        Parsed p = strtoumax(s, 0, base);
        if (p.negative() || p.overflow()) {
            throw new NumberError(ERANGE);
        }
        if (p.end() == 0 || p.end() != s.length()) {
            throw new NumberError(EINVAL);
        }
        return p.value();
    }

    /**
     * util-linux's {@code str2unum_or_err}: the number, or the tool ends with
     * {@code prog: what: 'text'} (and {@code : Numerical result out of range} for ERANGE).
     */
    public static long strtou64OrErr(String prog, String text, int base, String what) throws ToolExit {
        try {
            return strtou64(text, base);
        } catch (NumberError e) {
            String m = what + ": '" + text + "'";
            throw ToolExit.errx(prog, ERANGE.equals(e.getMessage()) ? m + ": " + ERANGE : m);
        }
    }

    /**
     * util-linux's {@code strtosize_or_err}: a size in bytes with an optional suffix (K, M, G, T,
     * P, E, Z, Y or their lower case: powers of 1024, also written KiB; KB is a power of 1000) and
     * an optional decimal fraction ({@code 1.5G}); otherwise {@code prog: what: 'text': strerror}.
     */
    public static long strtosizeOrErr(String prog, String text, String what) throws ToolExit {
        try {
            return parseSize(text);
        } catch (NumberError e) {
            throw ToolExit.errx(prog, what + ": '" + text + "': " + e.getMessage());
        }
    }

    /** util-linux's {@code parse_size}. */
    public static long parseSize(String str) throws NumberError {
        if (str.isEmpty()) {
            throw new NumberError(EINVAL);
        }
        int p = 0;
        while (p < str.length() && isSpace(str.charAt(p))) {
            p++;
        }
        if (p < str.length() && str.charAt(p) == '-') {
            throw new NumberError(EINVAL);
        }
        Parsed n = strtoumax(str, 0, 0);
        if (n.end() == 0) {
            throw new NumberError(EINVAL);
        }
        if (n.overflow()) {
            throw new NumberError(ERANGE);
        }
        long x = n.value();
        if (n.end() == str.length()) {
            return x;
        }
        p = n.end();
        long frac = 0;
        int fracZeros = 0;
        int base;
        while (true) { // util-linux's check_suffix
            if (at(str, p + 1) == 'i' && (at(str, p + 2) == 'B' || at(str, p + 2) == 'b') && at(str, p + 3) == 0) {
                base = 1024;
            } else if ((at(str, p + 1) == 'B' || at(str, p + 1) == 'b') && at(str, p + 2) == 0) {
                base = 1000;
            } else if (at(str, p + 1) != 0) {
                if (frac == 0 && at(str, p) == '.') {
                    p++;
                    while (at(str, p) == '0') {
                        fracZeros++;
                        p++;
                    }
                    int end = p;
                    if (isDigit(at(str, p))) {
                        Parsed f = strtoumax(str, p, 0);
                        if (f.overflow()) {
                            throw new NumberError(ERANGE);
                        }
                        frac = f.value();
                        end = f.end();
                    }
                    if (frac != 0 && end == str.length()) {
                        throw new NumberError(EINVAL); // a fraction without a suffix
                    }
                    p = end;
                    continue;
                }
                throw new NumberError(EINVAL); // unexpected suffix
            } else {
                base = 1024;
            }
            break;
        }
        int power = "KMGTPEZY".indexOf(at(str, p)) + 1;
        if (power == 0) {
            power = "kmgtpezy".indexOf(at(str, p)) + 1;
        }
        if (power == 0 || at(str, p) == 0) {
            throw new NumberError(EINVAL);
        }
        long scaled = scale(x, base, power);
        if (frac != 0) {
            scaled += fraction(frac, fracZeros, scale(1, base, power));
        }
        return scaled;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static long scale(long x, int base, int power) throws NumberError {
        for (int i = 0; i < power; i++) {
            if (Long.compareUnsigned(Long.divideUnsigned(-1L, base), x) < 0) {
                throw new NumberError(ERANGE);
            }
            x *= base;
        }
        return x;
    }

    /** What the digits after the point add: digit by digit from the last, as parse_size adds them. */
    private static long fraction(long frac, int zeros, long unit) {
        long div = 10;
        while (Long.compareUnsigned(div, frac) < 0) {
            if (Long.compareUnsigned(div, Long.divideUnsigned(-1L, 10)) <= 0) {
                div *= 10;
            } else {
                frac = Long.divideUnsigned(frac, 10);
            }
        }
        for (int i = 0; i < zeros; i++) {
            if (Long.compareUnsigned(div, Long.divideUnsigned(-1L, 10)) <= 0) {
                div *= 10;
            } else {
                frac = Long.divideUnsigned(frac, 10);
            }
        }
        long added = 0;
        long position = 1;
        do {
            long digit = Long.remainderUnsigned(frac, 10);
            long segment = Long.divideUnsigned(div, position);
            frac = Long.divideUnsigned(frac, 10);
            position *= 10;
            if (digit != 0 && Long.divideUnsigned(segment, digit) != 0) {
                added += Long.divideUnsigned(unit, Long.divideUnsigned(segment, digit));
            }
        } while (frac != 0);
        return added;
    }
}
