package org.sysplug.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DeviceNamesTest {

    @Test
    void twentyThousandBlocksAreOneWord() {
        List<String> names = IntStream.rangeClosed(1000, 20999).mapToObj(i -> "memory" + i).toList();
        assertThat(DeviceNames.compress(names)).isEqualTo("memory1000-20999");
    }

    @Test
    void classesAndPathsKeepTheirOrder() {
        assertThat(DeviceNames.compress(List.of("cpu0", "cpu1", "cpu2", "cpu3", "cpu8", "memory5", "\\_SB.NOD1", "cpu9")))
                .isEqualTo("cpu0-3,8 memory5 \\_SB.NOD1 cpu9");
    }

    @Test
    void aListGivenBackwardsStaysBackwards() {
        assertThat(DeviceNames.compress(List.of("cpu3", "cpu2", "cpu1"))).isEqualTo("cpu3,2,1");
    }

    @Test
    void aRepeatedNameStartsANewWordRatherThanVanish() {
        assertThat(DeviceNames.compress(List.of("cpu1", "cpu2", "cpu1"))).isEqualTo("cpu1-2 cpu1");
        assertThat(DeviceNames.parse("cpu1-2 cpu1")).containsExactly("cpu1", "cpu2", "cpu1");
    }

    @Test
    void nothingIsTheEmptyString() {
        assertThat(DeviceNames.compress(List.of())).isEmpty();
        assertThat(DeviceNames.parse("")).isEmpty();
    }

    @Test
    void aWordThatIsNoListIsRefusedNamingIt() {
        assertThatThrownBy(() -> DeviceNames.parse("cpu0-3 foo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'foo'");
    }

    @Property(tries = 500)
    void parsingTheCompressedListGivesTheListBack(@ForAll("names") List<String> names) {
        assertThat(DeviceNames.parse(DeviceNames.compress(names))).isEqualTo(names);
    }

    @Property(tries = 200)
    void theCompressedListIsNeverLongerThanTheNamesJoined(@ForAll("names") List<String> names) {
        assertThat(DeviceNames.compress(names).length()).isLessThanOrEqualTo(String.join(" ", names).length());
    }

    /** Names of a few classes with small ids (so that runs and repeats are common), and firmware paths. */
    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> classIndex = Arbitraries.of("cpu", "memory", "node")
                .flatMap(c -> Arbitraries.integers().between(0, 40).map(i -> c + i));
        Arbitrary<String> path = Arbitraries.of("\\_SB.NOD1", "\\_SB.NOD0.MEM9", "\\_SB");
        Arbitrary<String> name = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, classIndex), net.jqwik.api.Tuple.of(1, path));
        // runs of consecutive ids, as lists are usually typed
        Arbitrary<List<String>> run = Arbitraries.of("cpu", "memory").flatMap(c -> Arbitraries.integers().between(0, 30)
                .flatMap(first -> Arbitraries.integers().between(1, 6).map(n -> {
                    List<String> out = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        out.add(c + (first + i));
                    }
                    return out;
                })));
        Arbitrary<List<String>> piece = Arbitraries.oneOf(name.map(List::of), run);
        return piece.list().ofMaxSize(12).map(pieces -> {
            List<String> all = new ArrayList<>();
            pieces.forEach(all::addAll);
            return all;
        });
    }
}
