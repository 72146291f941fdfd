package dev.skiff.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads a quantity ({@code 6Mi}, {@code 250m}, {@code 0.5}, {@code 1048576}) from a string or, as
 * Kubernetes reads its quantities, from a number written as it stands; anything else is refused.
 */
public final class QuantityText extends StdDeserializer<String> {
    private static final long serialVersionUID = 1L;

    /** The deserializer Jackson makes for a quantity field. */
    public QuantityText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getText();
        }
        return (String) context.handleUnexpectedToken(String.class, parser);
    }
}
