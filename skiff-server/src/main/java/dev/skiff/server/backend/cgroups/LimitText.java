package dev.skiff.server.backend.cgroups;

import dev.skiff.api.Quantity;

/** Amounts as a person writes them in a spec: {@code 256Mi}, {@code 1.5Gi} as {@code 1536Mi}, {@code 500m}, {@code 2}. */
public final class LimitText {
    private LimitText() {}

    /** Bytes in the largest binary unit that holds them whole, else in bytes. */
    public static String bytes(long bytes) {
        return Quantity.bytesText(bytes);
    }

    /** Millicores as whole CPUs when they are, else with the {@code m} suffix; 0 is {@code no limit}. */
    public static String cpu(long millicores) {
        if (millicores == 0) {
            return "no limit";
        }
        return millicores % 1000 == 0 ? Long.toString(millicores / 1000) : millicores + "m";
    }
}
