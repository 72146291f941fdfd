package dev.skiff.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CloudEvents 1.0 over HTTP in binary mode ({@code ce-*} headers, the data as the body) and
 * structured mode ({@code application/cloudevents+json}), through the CloudEvents Java SDK; and the
 * structured JSON form events are stored in.
 */
public final class CloudEventCodec {
    /** The attributes every CloudEvent must carry. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CloudEventCodec.class);
    static final List<String> REQUIRED = List.of("specversion", "id", "source", "type");
    private static final String STRUCTURED = "application/cloudevents+json";
    private static final String BATCH = "application/cloudevents-batch+json";
    /**
     * The stored form: the data always as {@code data_base64}, byte for byte. Written as JSON (the
     * format's default for a JSON content type), a body that is not the JSON its content type claims
     * would be stored as JSON that does not parse, and the trigger reading it would stop for good.
     */
    private static final JsonFormat STORED = new JsonFormat().withForceJsonDataToBase64();
    /** The shown form: JSON data as JSON. */
    private static final JsonFormat SHOWN = new JsonFormat();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CloudEventCodec() {}

    /** The event an HTTP request carries; 400 naming a missing required attribute, or what else is wrong. */
    public static CloudEvent fromHttp(MultiMap headers, Buffer body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        String contentType = contentType(headers);
        if (contentType.startsWith(BATCH)) {
            throw invalid("batched CloudEvents (" + BATCH + ") are not accepted; send one event per request");
        }
        if (contentType.startsWith(STRUCTURED)) {
            requireStructured(bytes);
        } else {
            for (String attribute : REQUIRED) {
                String value = headers.get("ce-" + attribute);
                if (value == null || value.isEmpty()) {
                    throw invalid("the required CloudEvents attribute '" + attribute + "' is missing: send it as the ce-"
                            + attribute + " header (binary mode) or send the event as " + STRUCTURED);
                }
            }
        }
        Map<String, String> flat = new HashMap<>();
        headers.forEach(entry -> flat.merge(entry.getKey(), entry.getValue(), (a, b) -> a + "," + b));
        try {
            return HttpMessageFactory.createReader(flat, bytes).toEvent();
        } catch (CloudEventRWException | EventDeserializationException | IllegalStateException | IllegalArgumentException e) {
            throw invalid("not a valid CloudEvent: " + e.getMessage());
        }
    }

    /** The reply of a function when it is a CloudEvent (binary or structured), else empty. */
    public static Optional<CloudEvent> reply(MultiMap headers, Buffer body) {
        boolean binary = headers.contains("ce-specversion");
        if (!binary && !contentType(headers).startsWith(STRUCTURED)) {
            return Optional.empty();
        }
        return Optional.of(fromHttp(headers, body));
    }

    /** The event in binary mode, for delivery to a function: headers into {@code headers}, the data returned. */
    public static Buffer toBinary(CloudEvent event, MultiMap headers) {
        Buffer body = Buffer.buffer();
        HttpMessageFactory.createWriter(headers::set, bytes -> {
            if (bytes != null) {
                body.appendBytes(bytes);
            }
        }).writeBinary(event);
        return body;
    }

    /** The event as structured JSON, as it is stored: any data reads back unchanged ({@link #fromJson}). */
    public static byte[] toJson(CloudEvent event) {
        return STORED.serialize(event);
    }

    /** An event stored as structured JSON (by {@link #toJson}, or before it stored data as JSON). */
    public static CloudEvent fromJson(byte[] json) {
        return STORED.deserialize(json);
    }

    /**
     * A stored event read back for delivery; empty, with a warning, when it cannot be read (written by
     * another program, or damaged): its reader goes on with the next one instead of stopping for good.
     */
    static Optional<CloudEvent> readStored(byte[] json, String stream, long position) {
        try {
            return Optional.of(fromJson(json));
        } catch (EventDeserializationException | CloudEventRWException
                 | IllegalArgumentException | IllegalStateException e) {
            LOG.warn("the event at position {} of {} cannot be read and is skipped: {}", position, stream, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The event as structured JSON for a person to read (a dead letter's): JSON data as JSON, other
     * data as text or base64. A body that is not the JSON its content type claims may make it invalid JSON.
     */
    public static byte[] toShownJson(CloudEvent event) {
        return SHOWN.serialize(event);
    }

    private static void requireStructured(byte[] bytes) {
        JsonNode json;
        try {
            json = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw invalid("the structured CloudEvent is not valid JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw invalid("a structured CloudEvent must be a JSON object");
        }
        for (String attribute : REQUIRED) {
            if (!json.hasNonNull(attribute) || json.get(attribute).asText().isEmpty()) {
                throw invalid("the required CloudEvents attribute '" + attribute + "' is missing from the structured event");
            }
        }
    }

    private static String contentType(MultiMap headers) {
        String value = headers.get("Content-Type");
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }

    private static SkiffException invalid(String message) {
        return new SkiffException(ErrorCode.MALFORMED_REQUEST, message);
    }
}
