package dev.skiff.cli;

import dev.skiff.api.Quantity;
import java.util.function.ToLongFunction;
import picocli.CommandLine;

/** Checks {@code --memory} and {@code --cpu} as Kubernetes quantities, as the server will, so a typo is a usage error. */
public abstract class ResourceQuantityConverter implements CommandLine.ITypeConverter<String> {
    private final ToLongFunction<String> amount;
    private final long least;
    private final String tooLittle;

    private ResourceQuantityConverter(ToLongFunction<String> amount, long least, String tooLittle) {
        this.amount = amount;
        this.least = least;
        this.tooLittle = tooLittle;
    }

    /** The quantity as given, once it parses and is large enough to run anything. */
    @Override
    public String convert(String value) {
        String quantity = value.strip();
        long parsed;
        try {
            parsed = amount.applyAsLong(quantity);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (parsed < least) {
            throw new CommandLine.TypeConversionException(tooLittle.formatted(quantity, parsed));
        }
        return quantity;
    }

    /** {@code --memory}: bytes, at least 1Mi (a size without a unit counts bytes). */
    public static final class Memory extends ResourceQuantityConverter {
        /** The converter picocli makes. */
        public Memory() {
            super(Quantity::resourceBytes, 1L << 20, "'%s' is %d bytes, too little for any process: give a unit, e.g. 256Mi");
        }
    }

    /** {@code --cpu}: more than 0, e.g. 500m, 0.5 or 2. */
    public static final class Cpu extends ResourceQuantityConverter {
        /** The converter picocli makes. */
        public Cpu() {
            super(Quantity::millicores, 1, "'%s' is no CPU at all: give more than 0, e.g. 500m");
        }
    }
}
