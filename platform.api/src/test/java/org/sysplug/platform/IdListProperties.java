package org.sysplug.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Random id sets and random lists: {@link IdList#parse} and {@link IdList#format} agree. */
class IdListProperties {

    /** A generated item: an id, a range or a range with a stride. */
    record Item(int first, int last, int stride) {
        String text() {
            if (first == last && stride == 1) {
                return Integer.toString(first);
            }
            return first + "-" + last + (stride == 1 ? "" : ":" + stride);
        }

        List<Integer> ids() {
            List<Integer> ids = new ArrayList<>();
            for (long id = first; id <= last; id += stride) {
                ids.add((int) id);
            }
            return ids;
        }
    }

    @Provide
    Arbitrary<Set<Integer>> idSets() {
        // mostly small ids in runs, as machines number them, plus some of any size
        Arbitrary<Integer> id = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, IdList.MAX_ID)));
        return id.set().ofMinSize(1).ofMaxSize(200);
    }

    @Property
    void parseOfFormatIsTheSet(@ForAll("idSets") Set<Integer> ids) {
        List<Integer> ascending = new ArrayList<>(new TreeSet<>(ids));

        String text = IdList.format(ascending);

        assertThat(IdList.parse(text)).as(text).isEqualTo(ascending);
    }

    @Provide
    Arbitrary<List<Item>> itemLists() {
        Arbitrary<Item> item = Combinators.combine(
                Arbitraries.integers().between(0, 2000),
                Arbitraries.integers().between(0, 60),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(1)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 70))))
                .as((first, length, stride) -> new Item(first, first + length, stride));
        Arbitrary<Item> single = Arbitraries.integers().between(0, 2000).map(i -> new Item(i, i, 1));
        return Arbitraries.oneOf(item, single).list().ofMinSize(1).ofMaxSize(12);
    }

    /** Any list parses to the ids its items name, in their order, each once; formatting them gives it back. */
    @Property
    void aListNamesTheIdsOfItsItemsOnceEachInOrder(@ForAll("itemLists") List<Item> items) {
        List<String> texts = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (Item item : items) {
            texts.add(item.text());
            for (int id : item.ids()) {
                if (!expected.contains(id)) {
                    expected.add(id);
                }
            }
        }
        String text = String.join(",", texts);

        List<Integer> parsed = IdList.parse(text);

        assertThat(parsed).as(text).isEqualTo(expected);
        List<Integer> ascending = new ArrayList<>(new TreeSet<>(parsed));
        assertThat(IdList.parse(IdList.format(ascending))).as(text).isEqualTo(ascending);
    }

    /** Breaking a good list by a character util-linux does not allow there is refused, never misread. */
    @Property
    void aBrokenListIsRefused(@ForAll("itemLists") List<Item> items, @ForAll @IntRange(min = 0, max = 1000) int where,
            @ForAll("junk") String junk) {
        List<String> texts = new ArrayList<>();
        items.forEach(i -> texts.add(i.text()));
        String text = String.join(",", texts);
        int at = where % (text.length() + 1);
        String broken = text.substring(0, at) + junk + text.substring(at);

        assertThatThrownBy(() -> IdList.parse(broken)).as(broken).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid list '" + broken + "': ");
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.of(" ", "\t", "x", "+", ";", ".", ",,", "--", "::");
    }

    @Property
    void formatWritesRunsAsRanges(@ForAll @IntRange(min = 0, max = 100000) int first,
            @ForAll @IntRange(min = 1, max = 50) int length) {
        List<Integer> run = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            run.add(first + i);
        }
        assertThat(IdList.format(run)).isEqualTo(length == 1 ? "" + first : first + "-" + (first + length - 1));
    }
}
