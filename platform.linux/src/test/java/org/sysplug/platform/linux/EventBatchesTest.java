package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class EventBatchesTest {

    private final LinkedBlockingQueue<Integer> events = new LinkedBlockingQueue<>();

    @Test
    void eventsThatArriveTogetherAreOneBatchInTheirOrder() throws Exception {
        IntStream.range(0, 10_000).forEach(events::add);
        List<Integer> batch = new EventBatches<>(events, Duration.ofMillis(50), Duration.ofSeconds(10)).next();
        assertThat(batch).hasSize(10_000).isSorted();
    }

    @Test
    void aPauseLongerThanQuietEndsTheBatch() throws Exception {
        EventBatches<Integer> batches = new EventBatches<>(events, Duration.ofMillis(50), Duration.ofSeconds(10));
        events.add(1);
        events.add(2);
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(400);
                events.add(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        later.start();
        assertThat(batches.next()).containsExactly(1, 2);
        assertThat(batches.next()).containsExactly(3);
        later.join();
    }

    @Test
    void aStreamThatNeverPausesIsCutIntoBatchesAndNothingIsLost() throws Exception {
        // an event every millisecond for 1.2 s, never quiet for 50 ms: without a longest time
        // the first batch would wait for the stream's end
        EventBatches<Integer> batches = new EventBatches<>(events, Duration.ofMillis(50), Duration.ofMillis(200));
        int count = 1_200;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                events.add(i);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        producer.start();
        List<Integer> seen = new ArrayList<>();
        int batchCount = 0;
        while (seen.size() < count) {
            seen.addAll(batches.next());
            batchCount++;
        }
        producer.join();
        assertThat(seen).hasSize(count).isSorted().doesNotHaveDuplicates();
        assertThat(batchCount).as("the stream is cut by the longest time, not handled whole at its end").isGreaterThan(1);
    }
}
