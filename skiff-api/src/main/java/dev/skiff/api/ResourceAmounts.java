package dev.skiff.api;

import java.util.List;
import java.util.Map;

/**
 * Checks the amounts in {@code spec.resources}, once each is a quantity: a memory amount is at least
 * 1Mi (without a suffix a memory quantity counts bytes, so {@code memory: 256} is a mistake), a CPU
 * limit is more than 0, and no request is above its limit, as Kubernetes requires.
 */
final class ResourceAmounts {
    /** The least memory a request or limit may name: less is always a unit left out. */
    static final long MIN_MEMORY_BYTES = 1L << 20;

    private ResourceAmounts() {}

    static void validate(ResourceRequirements resources, List<FieldError> errors) {
        Map<String, String> requests = resources.requests() == null ? Map.of() : resources.requests();
        Map<String, String> limits = resources.limits() == null ? Map.of() : resources.limits();
        memory(requests.get("memory"), "spec.resources.requests.memory", errors);
        memory(limits.get("memory"), "spec.resources.limits.memory", errors);
        if (limits.containsKey("cpu") && amount("cpu", limits.get("cpu"), "spec.resources.limits.cpu", errors) == 0) {
            errors.add(new FieldError("spec.resources.limits.cpu", "is 0, which would let nothing run; leave it out for the server's default"));
        }
        for (String name : List.of("cpu", "memory")) {
            if (requests.containsKey(name) && limits.containsKey(name)) {
                long request = amount(name, requests.get(name), "spec.resources.requests." + name, errors);
                long limit = amount(name, limits.get(name), "spec.resources.limits." + name, errors);
                if (request > limit && limit >= 0) {
                    errors.add(new FieldError("spec.resources.requests." + name, Quote.value(requests.get(name))
                            + " is more than its limit, spec.resources.limits." + name + " " + Quote.value(limits.get(name))));
                }
            }
        }
    }

    private static void memory(String value, String field, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        long bytes = amount("memory", value, field, errors);
        if (bytes >= 0 && bytes < MIN_MEMORY_BYTES) {
            errors.add(new FieldError(field, Quote.value(value) + " is " + bytes + (bytes == 1 ? " byte" : " bytes")
                    + ", too little for any process: without a suffix memory is counted in bytes (e.g. 256Mi)"));
        }
    }

    /** The amount in bytes or millicores; -1, with the error noted once, when it is too large. */
    private static long amount(String name, String value, String field, List<FieldError> errors) {
        try {
            return "cpu".equals(name) ? Quantity.millicores(value) : Quantity.resourceBytes(value);
        } catch (IllegalArgumentException e) {
            FieldError error = new FieldError(field, e.getMessage());
            if (!errors.contains(error)) {
                errors.add(error);
            }
            return -1;
        }
    }
}
