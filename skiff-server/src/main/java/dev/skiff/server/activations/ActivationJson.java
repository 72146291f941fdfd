package dev.skiff.server.activations;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.util.List;

/**
 * Writes an {@link Activation} as the JSON document the store keeps, by hand: the recorder writes
 * one per invocation, and Jackson's reflective serializer, {@link Instant#toString} and
 * {@code Double.toString} cost more CPU than the rest of the invocation's bookkeeping on a busy
 * gateway. The output is what Jackson reads back into an equal record ({@code Activations} reads
 * with Jackson), with nulls left out as {@code @JsonInclude(NON_NULL)} does; durations are written
 * to the microsecond. Instances are not thread-safe: the recorder's one thread owns one.
 */
final class ActivationJson {
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
    private final StringBuilder out = new StringBuilder(512);
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedSecondText;

    /** The document for {@code a}. */
    String write(Activation a) {
        out.setLength(0);
        out.append('{');
        string("activationId", a.activationId(), true);
        string("function", a.function(), false);
        string("revision", a.revision(), false);
        string("start", a.start(), false);
        string("end", a.end(), false);
        millis("durationMillis", a.durationMillis());
        millis("waitMillis", a.waitMillis());
        out.append(",\"coldStart\":").append(a.coldStart());
        if (a.initMillis() != null) {
            millis("initMillis", a.initMillis());
        }
        string("status", a.status(), false);
        out.append(",\"statusCode\":").append(a.statusCode());
        string("result", a.result(), false);
        out.append(",\"truncated\":").append(a.truncated());
        List<String> logs = a.logs();
        if (logs != null) {
            out.append(",\"logs\":[");
            for (int i = 0; i < logs.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quoted(logs.get(i));
            }
            out.append(']');
        }
        string("trigger", a.trigger(), false);
        string("instance", a.instance(), false);
        return out.append('}').toString();
    }

    /**
     * An instant as {@link Instant#toString} writes one at millisecond precision, with the
     * date-and-time part cached per second: the recorder formats two per record, mostly in the same second.
     */
    String instant(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        if (second != cachedSecond) {
            String whole = Instant.ofEpochSecond(second).toString();
            cachedSecondText = whole.substring(0, whole.length() - 1);
            cachedSecond = second;
        }
        if (millis == 0) {
            return cachedSecondText + "Z";
        }
        char[] tail = {'.', (char) ('0' + millis / 100), (char) ('0' + millis / 10 % 10), (char) ('0' + millis % 10), 'Z'};
        return cachedSecondText.concat(new String(tail));
    }

    private void string(String name, String value, boolean first) {
        if (value == null) {
            return;
        }
        if (!first) {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
        quoted(value);
    }

    private void millis(String name, double value) {
        out.append(",\"").append(name).append("\":");
        long micros = Math.round(value * 1000);
        if (micros < 0) {
            out.append('-');
            micros = -micros;
        }
        out.append(micros / 1000).append('.');
        long fraction = micros % 1000;
        out.append((char) ('0' + fraction / 100)).append((char) ('0' + fraction / 10 % 10)).append((char) ('0' + fraction % 10));
    }

    /** A JSON string, escaped by Jackson's encoder (which needs no reflection). */
    private void quoted(String s) {
        out.append('"');
        ESCAPE.quoteAsString(s, out);
        out.append('"');
    }
}
