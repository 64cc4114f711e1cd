package org.sysplug.policy.autoonline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.MemoryBlock;

/**
 * For any ratio, any number of new blocks, any memory online already and blocks whose valid_zones
 * allow one zone only: every block gets a zone; the flexible ones that go normal are the lowest
 * addresses and as few as keep the node within the ratio (all of them when even that cannot).
 */
class ZoneSplitProperties {

    private static MemoryBlock block(int id, List<Zone> valid) {
        return new MemoryBlock(id, id * (128L << 20), 128L << 20, 1, BlockState.OFFLINE, Zone.UNSPECIFIED, valid, true);
    }

    @Property(tries = 2000)
    void theSplitNeverExceedsTheRatioWhenItCanAndOnlinesEveryBlock(@ForAll @IntRange(min = 0, max = 9) int movablePart,
            @ForAll @IntRange(min = 1, max = 9) int normalPart, @ForAll @IntRange(min = 0, max = 300) int flexible,
            @ForAll @IntRange(min = 0, max = 20) int onlyMovable, @ForAll @IntRange(min = 0, max = 20) int onlyNormal,
            @ForAll @IntRange(min = 0, max = 200) int normalOnline, @ForAll @IntRange(min = 0, max = 200) int movableOnline) {
        Ratio ratio = new Ratio(movablePart, normalPart);
        List<MemoryBlock> blocks = new ArrayList<>();
        int id = 1000;
        for (int i = 0; i < onlyNormal; i++) {
            blocks.add(block(id++, List.of(Zone.NORMAL)));
        }
        for (int i = 0; i < flexible; i++) {
            blocks.add(block(id++, i % 2 == 0 ? List.of(Zone.NORMAL, Zone.MOVABLE) : List.of(Zone.MOVABLE, Zone.NORMAL)));
        }
        for (int i = 0; i < onlyMovable; i++) {
            blocks.add(block(id++, List.of(Zone.MOVABLE)));
        }

        Map<Integer, Zone> plan = ZoneSplit.plan(blocks, normalOnline, movableOnline, Optional.of(ratio));

        assertThat(plan.keySet()).containsExactlyElementsOf(blocks.stream().map(MemoryBlock::id).toList());
        for (MemoryBlock b : blocks) {
            assertThat(b.validZones()).contains(plan.get(b.id()));
        }
        long normal = normalOnline + plan.values().stream().filter(z -> z == Zone.NORMAL).count();
        long movable = movableOnline + plan.values().stream().filter(z -> z == Zone.MOVABLE).count();
        List<Integer> flexibleIds = blocks.stream().filter(b -> b.validZones().size() == 2).map(MemoryBlock::id).toList();
        long flexibleNormal = flexibleIds.stream().filter(i -> plan.get(i) == Zone.NORMAL).count();
        if (flexibleNormal < flexibleIds.size()) {
            assertThat(ratio.allows(movable, normal)).as("%d movable : %d normal within %s", movable, normal, ratio).isTrue();
        }
        if (flexibleNormal > 0) {
            assertThat(ratio.allows(movable + 1, normal - 1)).as("one normal fewer would still be within the ratio").isFalse();
        }
        // the normal ones are the lowest addresses
        for (int i = 0; i < flexibleIds.size(); i++) {
            assertThat(plan.get(flexibleIds.get(i))).isEqualTo(i < flexibleNormal ? Zone.NORMAL : Zone.MOVABLE);
        }
    }

    @Property(tries = 200)
    void withoutARatioEveryBlockThatCanBeMovableIsMovable(@ForAll @IntRange(min = 0, max = 100) int flexible,
            @ForAll @IntRange(min = 0, max = 10) int onlyNormal) {
        List<MemoryBlock> blocks = new ArrayList<>();
        for (int i = 0; i < flexible + onlyNormal; i++) {
            blocks.add(block(i, i < onlyNormal ? List.of(Zone.NORMAL) : List.of(Zone.NORMAL, Zone.MOVABLE)));
        }
        Map<Integer, Zone> plan = ZoneSplit.plan(blocks, 0, 0, Optional.empty());
        assertThat(plan.values().stream().filter(z -> z == Zone.MOVABLE).count()).isEqualTo(flexible);
    }

    @Example
    void threeToOneOnAnEmptyNodeOfSixtyFourBlocksIsFortyEightAndSixteen() {
        List<MemoryBlock> blocks = new ArrayList<>();
        for (int i = 72; i < 136; i++) {
            blocks.add(block(i, List.of(Zone.NORMAL, Zone.MOVABLE)));
        }
        Map<Integer, Zone> plan = ZoneSplit.plan(blocks, 0, 0, Optional.of(new Ratio(3, 1)));
        assertThat(plan.entrySet().stream().filter(e -> e.getValue() == Zone.NORMAL).map(Map.Entry::getKey).toList())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(72, 88).boxed().toList());
        assertThat(plan.values().stream().filter(z -> z == Zone.MOVABLE).count()).isEqualTo(48);
    }
}
