package dev.skiff.server.backend.cgroups;

/** Reads a cgroup's flat-keyed files ({@code key value} lines, as memory.events and v1's memory.oom_control): pure. */
final class KeyedCounters {
    private KeyedCounters() {}

    /** The value on {@code key}'s line; 0 when there is none or it is not a number. */
    static long value(String text, String key) {
        for (String line : text.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                try {
                    return Long.parseLong(parts[1]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
