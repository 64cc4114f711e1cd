package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DepartureWindowsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DepartureWindows windows = new DepartureWindows(now::get);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theHandlersOfOneBundleShareOneWaitAndAnotherBundleHasItsOwn() {
        assertThat(windows.waitFor(7, WAIT)).isEqualTo(WAIT);
        advance(Duration.ofSeconds(30)); // the first handler waited it all out
        assertThat(windows.waitFor(7, WAIT)).isZero();
        assertThat(windows.waitFor(7, WAIT)).isZero();
        assertThat(windows.waitFor(8, WAIT)).as("another bundle").isEqualTo(WAIT);
    }

    @Test
    void aLaterStopOfTheSameBundleGetsAWholeWindow() {
        windows.waitFor(7, WAIT);
        advance(Duration.ofSeconds(10));
        assertThat(windows.waitFor(7, WAIT)).isEqualTo(Duration.ofSeconds(20));
        advance(Duration.ofMinutes(5));
        assertThat(windows.waitFor(7, WAIT)).isEqualTo(WAIT);
    }

    @Test
    void whileThePlatformStopsItsBundlesShareOneWindowInsteadOfOneEach() {
        // four module bundles stop one after another behind a hung request: one wait in all
        Duration total = Duration.ZERO;
        for (int bundle = 0; bundle < 4; bundle++) {
            Duration wait = windows.waitFor(DepartureWindows.PLATFORM, WAIT);
            total = total.plus(wait);
            advance(wait);
        }
        assertThat(total).isEqualTo(WAIT);
    }
}
