package org.sysplug.remote.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parse check of the endpoint's output can fail: malformed expositions are refused. */
class ParserRefusesTest {

    private static final String GOOD = """
            # HELP sysplug_queue_waiting Requests waiting.
            # TYPE sysplug_queue_waiting gauge
            sysplug_queue_waiting 0
            # HELP sysplug_requests_total Requests.
            # TYPE sysplug_requests_total counter
            sysplug_requests_total{operation="OFFLINE",status="SUCCEEDED"} 2
            """;

    @BeforeEach
    void parserPresent() {
        assumeTrue(PrometheusParser.unavailable().isEmpty(), () -> PrometheusParser.unavailable().get());
    }

    @Test
    void aWellFormedExpositionParses() throws Exception {
        assertThat(PrometheusParser.text(GOOD)).extracting(PrometheusParser.Sample::name)
                .containsExactly("sysplug_queue_waiting", "sysplug_requests_total");
    }

    @Test
    void aSecondHelpLineIsRefused() {
        String twice = GOOD.replace("# TYPE sysplug_queue_waiting gauge",
                "# HELP sysplug_queue_waiting Again.\n# TYPE sysplug_queue_waiting gauge");
        assertThatThrownBy(() -> PrometheusParser.text(twice)).hasMessageContaining("second HELP");
    }

    @Test
    void aSecondTypeLineIsRefused() {
        String twice = GOOD + "# TYPE sysplug_requests_total counter\n";
        assertThatThrownBy(() -> PrometheusParser.text(twice)).hasMessageContaining("second TYPE");
    }

    @Test
    void aMetricSplitApartIsRefused() {
        String split = GOOD + "sysplug_queue_waiting{queue=\"other\"} 1\n";
        assertThatThrownBy(() -> PrometheusParser.text(split)).isInstanceOf(PrometheusParser.Malformed.class);
    }

    @Test
    void theSameSeriesTwiceIsRefused() {
        String twice = GOOD + "sysplug_requests_total{status=\"SUCCEEDED\",operation=\"OFFLINE\"} 3\n";
        assertThatThrownBy(() -> PrometheusParser.text(twice)).hasMessageContaining("twice");
    }

    @Test
    void aBrokenLabelIsRefused() {
        String broken = GOOD.replace("status=\"SUCCEEDED\"", "status=\"SUCCEEDED");
        assertThatThrownBy(() -> PrometheusParser.text(broken)).isInstanceOf(PrometheusParser.Malformed.class);
    }

    @Test
    void openMetricsWithoutItsEofIsRefused() {
        String noEof = "# TYPE sysplug_queue_waiting gauge\nsysplug_queue_waiting 0\n";
        assertThatThrownBy(() -> PrometheusParser.openMetrics(noEof)).isInstanceOf(PrometheusParser.Malformed.class);
    }
}
