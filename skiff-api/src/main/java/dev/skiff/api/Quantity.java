package dev.skiff.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes-style quantities: byte sizes ({@code 512}, {@code 64Ki}, {@code 6Mi}, {@code 1Gi},
 * {@code 10M}), and resource quantities with fractions ({@code 1.5Gi}, {@code 500m}, {@code 0.5}).
 */
public final class Quantity {
    private static final Pattern FORM = Pattern.compile("^([0-9]+)(Ki|Mi|Gi|k|M|G)?$");

    private static final Pattern KUBERNETES = Pattern.compile("^([0-9]+(\\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final String[] BINARY = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    /** More digits than any long has, with a fraction: a longer number is refused before it is converted. */
    private static final int MAX_DIGITS = 40;

    private Quantity() {}

    /** True for a Kubernetes resource quantity as Skiff accepts it: {@code 250m}, {@code 0.5}, {@code 128Mi}, {@code 2}. */
    public static boolean isKubernetesQuantity(String quantity) {
        return quantity != null && KUBERNETES.matcher(quantity).matches();
    }

    /** The number of bytes, or an {@link IllegalArgumentException} naming the accepted forms. */
    public static long parseBytes(String quantity) {
        Matcher m = quantity == null ? null : FORM.matcher(quantity.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(
                    Quote.value(quantity) + " is not a size; use bytes or a suffix Ki, Mi, Gi, k, M, G (e.g. 6Mi)");
        }
        long unit = switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(Quote.value(quantity) + " is too large");
        }
    }

    /**
     * The bytes a Kubernetes resource quantity stands for ({@code 128Mi}, {@code 1.5Gi}, {@code 500M},
     * {@code 268435456}), a fraction of a byte rounded up as Kubernetes does; an
     * {@link IllegalArgumentException} when it is no quantity or more than a long holds.
     */
    public static long resourceBytes(String quantity) {
        return whole(amount(quantity), quantity);
    }

    /**
     * The thousandths of a CPU a Kubernetes resource quantity stands for: {@code 500m} is 500,
     * {@code 0.5} is 500, {@code 2} is 2000; a fraction of a millicore rounded up. An
     * {@link IllegalArgumentException} when it is no quantity or too large.
     */
    public static long millicores(String quantity) {
        return whole(amount(quantity).multiply(THOUSAND), quantity);
    }

    /**
     * Bytes as a person writes them in a spec, in the largest binary unit that holds them whole
     * ({@code 256Mi}, {@code 1.5Gi} as {@code 1536Mi}), else in bytes; {@link #resourceBytes} reads it back.
     */
    public static String bytesText(long bytes) {
        for (int i = 0; i < BINARY.length; i++) {
            long unit = 1L << (10 * (BINARY.length - i));
            if (bytes >= unit && bytes % unit == 0) {
                return bytes / unit + BINARY[i];
            }
        }
        return Long.toString(bytes);
    }

    private static BigDecimal amount(String quantity) {
        Matcher m = quantity == null ? null : KUBERNETES.matcher(quantity);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(Quote.value(quantity) + " is not a quantity (e.g. 250m, 0.5, 128Mi)");
        }
        if (m.group(1).length() > MAX_DIGITS) {
            throw new IllegalArgumentException(Quote.value(quantity) + " is too large");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(3) == null ? "" : m.group(3);
        return switch (suffix) {
            case "m" -> number.divide(THOUSAND);
            case "" -> number;
            case "k", "M", "G", "T", "P", "E" -> number.multiply(THOUSAND.pow("kMGTPE".indexOf(suffix) + 1));
            default -> number.multiply(BigDecimal.valueOf(1024).pow("KMGTPE".indexOf(suffix.charAt(0)) + 1));
        };
    }

    private static long whole(BigDecimal amount, String quantity) {
        try {
            return amount.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(Quote.value(quantity) + " is too large");
        }
    }
}
