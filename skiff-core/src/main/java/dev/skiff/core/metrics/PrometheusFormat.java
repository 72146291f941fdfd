package dev.skiff.core.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus's text format (version 0.0.4): metric families, samples, label escaping, and the
 * request families every Skiff gateway exposes under the same names ({@code skiff_requests_total},
 * {@code skiff_request_duration_seconds}, {@code skiff_cold_starts_total}), so one dashboard reads
 * the embedded server and the cluster gateway alike.
 */
public final class PrometheusFormat {
    /** The content type Prometheus expects of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusFormat() {}

    /** Writes the request families of {@code requests}, revisions in name order. */
    public static void requests(StringBuilder out, RequestCounts requests) {
        List<RequestCounts.Counts> counts = requests.counts();
        counts.sort(Comparator.comparing((RequestCounts.Counts c) -> c.revision));
        family(out, "skiff_requests_total", "counter", "Finished invocations, by the answer's HTTP status (the error's, when the gateway answered).");
        for (RequestCounts.Counts c : counts) {
            for (Map.Entry<Integer, Long> entry : c.byStatus().entrySet()) {
                sample(out, "skiff_requests_total", labels(c.function, c.revision) + ",code=\"" + entry.getKey() + "\"", entry.getValue());
            }
        }
        family(out, "skiff_request_duration_seconds", "histogram", "Time from the gateway taking an invocation to its answer, waiting for an instance included.");
        for (RequestCounts.Counts c : counts) {
            long[] cumulative = c.cumulativeBuckets();
            String labels = labels(c.function, c.revision);
            for (int i = 0; i < RequestCounts.BUCKETS.length; i++) {
                sample(out, "skiff_request_duration_seconds_bucket", labels + ",le=\"" + bound(RequestCounts.BUCKETS[i]) + "\"",
                        cumulative[i]);
            }
            sample(out, "skiff_request_duration_seconds_bucket", labels + ",le=\"+Inf\"", cumulative[cumulative.length - 1]);
            sample(out, "skiff_request_duration_seconds_sum", labels, c.seconds());
            sample(out, "skiff_request_duration_seconds_count", labels, cumulative[cumulative.length - 1]);
        }
        family(out, "skiff_cold_starts_total", "counter", "Invocations that waited for an instance started after they arrived.");
        for (RequestCounts.Counts c : counts) {
            sample(out, "skiff_cold_starts_total", labels(c.function, c.revision), c.coldStarts());
        }
    }

    /** Writes a family's {@code HELP} and {@code TYPE} lines. */
    public static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Writes one sample; {@code labels} is the text between the braces, or null for none. */
    public static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name);
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(String.format(Locale.ROOT, "%.9g", value));
        }
        out.append('\n');
    }

    /** The labels of a revision's samples. */
    public static String labels(String function, String revision) {
        return "function=\"" + escape(function) + "\",revision=\"" + escape(revision) + "\"";
    }

    /** A label value as the text format wants it: backslash, double quote and line feed escaped. */
    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A histogram bound as the text format writes it: {@code 0.0005}, {@code 60}. */
    public static String bound(double seconds) {
        return java.math.BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
    }
}
