package org.sysplug.remote.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginLabelTest {

    @Test
    void theLabelIsTheOriginsFirstWord() {
        OriginLabel origins = new OriginLabel();
        assertThat(origins.of("shell")).isEqualTo("shell");
        assertThat(origins.of("reconcile 12 retry")).isEqualTo("reconcile");
        assertThat(origins.of("http 192.0.2.7")).isEqualTo("http");
        assertThat(origins.of("HTTP:[2001:db8::1]:443")).isEqualTo("http");
        assertThat(origins.of("  ")).isEqualTo("unknown");
        assertThat(origins.of("\"}; drop")).isEqualTo("unknown");
    }

    @Test
    void pastTheLimitEveryNewWordIsOther() {
        OriginLabel origins = new OriginLabel();
        for (int i = 0; i < OriginLabel.LIMIT; i++) {
            assertThat(origins.of("caller" + i + " x")).isEqualTo("caller" + i);
        }
        assertThat(origins.of("one-more")).isEqualTo("other");
        assertThat(origins.of("caller3 again")).isEqualTo("caller3");
    }
}
