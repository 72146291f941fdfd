package dev.skiff.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link PrometheusFormat} and {@link RequestCounts}: the text both gateways expose. */
class PrometheusFormatTest {
    @Test
    void labelValuesAreEscaped() {
        assertThat(PrometheusFormat.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    @Test
    void requests_countEachCallByStatus_inACumulativeHistogram_withColdStarts() {
        RequestCounts counts = new RequestCounts();
        counts.record("hello", "hello-00001", 200, 300_000, true);
        counts.record("hello", "hello-00001", 200, 2_000_000, false);
        counts.record("hello", "hello-00001", 502, 70_000_000_000L, false);
        StringBuilder out = new StringBuilder();

        PrometheusFormat.requests(out, counts);

        String labels = "function=\"hello\",revision=\"hello-00001\"";
        assertThat(out.toString())
                .contains("skiff_requests_total{" + labels + ",code=\"200\"} 2\n")
                .contains("skiff_requests_total{" + labels + ",code=\"502\"} 1\n")
                .contains("skiff_request_duration_seconds_bucket{" + labels + ",le=\"0.0005\"} 1\n")
                .contains("skiff_request_duration_seconds_bucket{" + labels + ",le=\"0.0025\"} 2\n")
                .contains("skiff_request_duration_seconds_bucket{" + labels + ",le=\"60\"} 2\n")
                .contains("skiff_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 3\n")
                .contains("skiff_request_duration_seconds_count{" + labels + "} 3\n")
                .contains("skiff_cold_starts_total{" + labels + "} 1\n");
    }
}
