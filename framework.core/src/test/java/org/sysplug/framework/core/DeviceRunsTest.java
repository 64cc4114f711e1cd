package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The device lists an INTERRUPTED request's failure names, as a person reads them. */
class DeviceRunsTest {

    @Test
    void fiftyThreeBlocksAreAFewRunsNotFiftyThreeWords() {
        List<String> names = new ArrayList<>();
        for (int id : new int[] { 1, 2, 3, 4, 5, 6, 8, 9, 10, 53, 56, 57, 134 }) {
            names.add("memory" + id);
        }
        assertThat(DeviceRuns.compress(names)).isEqualTo("memory1-6,8-10,53,56-57,134");
    }

    @Test
    void theOrderIsKeptAndNothingIsLost() {
        assertThat(DeviceRuns.compress(List.of("cpu3", "memory7", "memory8", "\\_SB.NOD1", "memory9", "memory2",
                "memory2", "cpu4"))).isEqualTo("cpu3 memory7-8 \\_SB.NOD1 memory9 memory2 memory2 cpu4");
        assertThat(DeviceRuns.compress(List.of("cpu3"))).isEqualTo("cpu3");
        assertThat(DeviceRuns.compress(List.of())).isEmpty();
    }
}
