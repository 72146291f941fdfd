package dev.skiff.cli;

import dev.skiff.api.Quantity;
import picocli.CommandLine;

/** Checks {@code --max-request-size} as the server will (e.g. {@code 6Mi}), so a typo is a usage error. */
public final class MaxRequestSizeConverter implements CommandLine.ITypeConverter<String> {

    /** The size as given, once it parses. */
    @Override
    public String convert(String value) {
        try {
            Quantity.parseBytes(value);
            return value.strip();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
