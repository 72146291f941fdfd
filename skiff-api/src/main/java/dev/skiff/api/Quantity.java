package dev.skiff.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes-style byte quantities: {@code 512}, {@code 64Ki}, {@code 6Mi}, {@code 1Gi}, {@code 10M}. */
public final class Quantity {
    private static final Pattern FORM = Pattern.compile("^([0-9]+)(Ki|Mi|Gi|k|M|G)?$");

    private static final Pattern KUBERNETES = Pattern.compile("^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$");

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
}
