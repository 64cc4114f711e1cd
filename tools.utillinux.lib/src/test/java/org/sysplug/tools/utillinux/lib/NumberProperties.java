package org.sysplug.tools.utillinux.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The C number parsing and version sort, as properties over many inputs. */
class NumberProperties {

    @Property
    void everyUnsignedNumberReadsBackInEveryBase(@ForAll long value, @ForAll("bases") int base) throws Exception {
        String text = Long.toUnsignedString(value, base);
        assertThat(CNumbers.strtou64(text, base)).isEqualTo(value);
        if (base == 16) {
            assertThat(CNumbers.strtou64("0x" + text, 16)).isEqualTo(value);
        }
    }

    @Property
    void aNumberAboveTwoToTheSixtyFourIsOutOfRange(@ForAll @IntRange(min = 1, max = 9) int extraDigit) {
        String tooBig = "18446744073709551615" + extraDigit; // 2^64-1 followed by a digit
        assertThatThrownBy(() -> CNumbers.strtou64(tooBig, 10)).hasMessage(CNumbers.ERANGE);
    }

    @Property
    void sizesScaleByTheirSuffix(@ForAll @IntRange(min = 0, max = 1 << 20) int n) throws Exception {
        assertThat(CNumbers.parseSize(n + "K")).isEqualTo(n * 1024L);
        assertThat(CNumbers.parseSize(n + "KiB")).isEqualTo(n * 1024L);
        assertThat(CNumbers.parseSize(n + "KB")).isEqualTo(n * 1000L);
        assertThat(CNumbers.parseSize(n + "M")).isEqualTo((long) n << 20);
    }

    @Property
    void versionSortIsATotalOrder(@ForAll @StringLength(max = 8) String a, @ForAll @StringLength(max = 8) String b,
            @ForAll @StringLength(max = 8) String c) {
        assertThat(Integer.signum(VersionSort.compare(a, b))).isEqualTo(-Integer.signum(VersionSort.compare(b, a)));
        if (VersionSort.compare(a, b) <= 0 && VersionSort.compare(b, c) <= 0) {
            assertThat(VersionSort.compare(a, c)).isLessThanOrEqualTo(0);
        }
    }

    @Property
    void numberedNamesSortByTheirNumber(@ForAll @IntRange(min = 0, max = 100_000) int x,
            @ForAll @IntRange(min = 0, max = 100_000) int y) {
        assertThat(Integer.signum(VersionSort.compare("memory" + x, "memory" + y))).isEqualTo(Integer.signum(Integer.compare(x, y)));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> bases() {
        return net.jqwik.api.Arbitraries.of(8, 10, 16);
    }
}
