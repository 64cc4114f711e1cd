package org.sysplug.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * A firmware path is folded to upper case only in its ASCII letters: a letter from elsewhere in
 * Unicode never turns into a valid path, whatever its upper case is.
 */
class TargetProperties {

    private static final String PATH = "\\_sb.nod1.cp00";

    @Example
    void theLongSIsNotAnS() {
        // U+017F upper-cases to 'S' in every locale: folded before the check, this was \_SB.NOD1
        assertThatThrownBy(() -> Target.of("\\_\u017Fb.nod1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid device name '\\_\u017Fb.nod1'");
        assertThatThrownBy(() -> Target.of("\\_SB.NOD\u0131")).hasMessageContaining("invalid device name");
        // the Kelvin sign lower-cases to 'k' and the ligature upper-cases to "FF"
        assertThatThrownBy(() -> Target.of("\\_SB.\uFB00")).hasMessageContaining("invalid device name");
        assertThatThrownBy(() -> Target.of("\\_SB.\u212A")).hasMessageContaining("invalid device name");
    }

    @Example
    void aPathWithoutItsBackslashGetsTheHintOnlyWhenItIsAPath() {
        assertThatThrownBy(() -> Target.of("_sb.nod1")).hasMessageContaining("type '\\_sb.nod1'");
        assertThatThrownBy(() -> Target.of("_\u017Fb.nod1")).hasMessageNotContaining("quoted")
                .hasMessageContaining("invalid device name");
    }

    @Property
    void aNonAsciiLetterAnywhereInAPathIsRefused(@ForAll("nonAsciiLetters") char letter,
            @ForAll @IntRange(min = 1, max = 13) int at) {
        String name = PATH.substring(0, at) + letter + PATH.substring(at + 1);

        assertThatThrownBy(() -> Target.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid device name");
    }

    @Property
    void aNameIsAcceptedOnlyAsTypedUpToItsAsciiLetters(@ForAll("pathLike") String typed) {
        Target target = null;
        try {
            target = Target.of(typed);
        } catch (IllegalArgumentException refused) {
            // refusals are checked above; here what is accepted
        }
        Statistics.label("accepted").collect(target != null);
        // not a property of refusals alone
        Statistics.label("accepted").coverage(c -> c.check(true).percentage(p -> p > 5));
        if (target == null) {
            return;
        }
        String name = target.name();
        assertThat(name).hasSameSizeAs(typed);
        for (int i = 0; i < name.length(); i++) {
            char t = typed.charAt(i);
            char n = name.charAt(i);
            assertThat(n == t || (t >= 'a' && t <= 'z' && n == t - 'a' + 'A'))
                    .as("%s became %s at %d", typed, name, i).isTrue();
        }
    }

    @Provide
    Arbitrary<Character> nonAsciiLetters() {
        return Arbitraries.chars().range('\u0080', '\uFFFF').filter(Character::isLetter);
    }

    /** Paths of ASCII letters, digits, dots and underscores, with now and then a letter from elsewhere. */
    @Provide
    Arbitrary<String> pathLike() {
        Arbitrary<Character> ascii = Arbitraries.of('a', 'b', 's', 'z', 'A', 'S', 'Z', '0', '1', '_', '.');
        Arbitrary<Character> any = Arbitraries.frequencyOf(
                Tuple.of(8, ascii), Tuple.of(1, nonAsciiLetters()));
        return any.list().ofMinSize(1).ofMaxSize(14).map(cs -> {
            StringBuilder sb = new StringBuilder("\\");
            cs.forEach(sb::append);
            return sb.toString();
        });
    }
}
