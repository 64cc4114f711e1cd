package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The queue's settings from its configuration: a bad value is refused by key, and the previous one stays. */
class QueueSettingsTest {

    private static final QueueSettings RUNNING = new QueueSettings(10, 20, 1_000, 0, 0, 5_000, 2_000);

    @Test
    void withoutAConfigurationTheDefaultsOfTheMetatypeDescriptionApply() {
        QueueSettings.Reading r = QueueSettings.read(Map.of(), RUNNING);
        assertThat(r.refused()).isEmpty();
        assertThat(r.settings()).isEqualTo(QueueSettings.DEFAULTS);
        assertThat(QueueSettings.DEFAULTS.capacity()).isEqualTo(64);
    }

    @Test
    void valuesFromACfgFileAreTextAndFromConfigSetNumbers() {
        QueueSettings.Reading r = QueueSettings.read(Map.of("capacity", " 8 ", "history", 3, "stuck.after.ms", 250L,
                "component.name", "ignored"), RUNNING);
        assertThat(r.refused()).isEmpty();
        assertThat(r.settings().capacity()).isEqualTo(8);
        assertThat(r.settings().history()).isEqualTo(3);
        assertThat(r.settings().stuckAfterMs()).isEqualTo(250);
        assertThat(r.settings().stopWaitMs()).as("absent: the default").isEqualTo(30_000);
    }

    @Test
    void aBadValueIsRefusedByKeyAndThePreviousValueStaysInForce() {
        QueueSettings.Reading r = QueueSettings.read(Map.of("capacity", "0", "history", "-1", "stuck.after.ms", "abc",
                "stop.wait.ms", "100"), RUNNING);

        assertThat(r.settings().capacity()).isEqualTo(10);
        assertThat(r.settings().history()).isEqualTo(20);
        assertThat(r.settings().stuckAfterMs()).isEqualTo(5_000);
        assertThat(r.settings().stopWaitMs()).as("a good value beside them applies").isEqualTo(100);
        assertThat(r.refused()).extracting(QueueSettings.Refusal::describe).containsExactlyInAnyOrder(
                "org.sysplug.framework.queue: capacity = '0' refused, 1 or more: how many requests may wait; capacity 10 "
                        + "stays in force (config:set org.sysplug.framework.queue capacity VALUE)",
                "org.sysplug.framework.queue: history = '-1' refused, 1 or more: how many ended requests are kept; history 20 "
                        + "stays in force (config:set org.sysplug.framework.queue history VALUE)",
                "org.sysplug.framework.queue: stuck.after.ms = 'abc' refused, not a whole number: milliseconds, 1 or more; "
                        + "stuck.after.ms 5000 stays in force (config:set org.sysplug.framework.queue stuck.after.ms VALUE)");
    }

    @Test
    void aNumberTooLargeForItsTypeOrNotWholeIsRefused() {
        QueueSettings.Reading r = QueueSettings.read(Map.of("capacity", "3000000000", "history", 2.5), RUNNING);
        assertThat(r.refused()).extracting(QueueSettings.Refusal::key).containsExactlyInAnyOrder("capacity", "history");
        assertThat(r.settings().capacity()).isEqualTo(10);
    }

    /** The defaults are written twice (the description config:get shows, and what the queue runs with): they agree. */
    @Test
    void theDefaultsAreThoseOfTheDescription() throws Exception {
        QueueSettings d = QueueSettings.DEFAULTS;
        Map<String, Long> expected = Map.of("capacity", (long) d.capacity(), "history", (long) d.history(),
                "departure_wait_ms", d.departureWaitMs(), "default_deadline_ms", d.defaultDeadlineMs(),
                "handler_timeout_ms", d.handlerTimeoutMs(), "stuck_after_ms", d.stuckAfterMs(), "stop_wait_ms", d.stopWaitMs());
        assertThat(QueueConfig.class.getDeclaredMethods()).hasSize(expected.size());
        for (var m : QueueConfig.class.getDeclaredMethods()) {
            assertThat(((Number) m.getDefaultValue()).longValue()).as(m.getName()).isEqualTo(expected.get(m.getName()));
        }
    }
}
