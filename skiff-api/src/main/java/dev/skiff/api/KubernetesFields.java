package dev.skiff.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates the spec fields only Kubernetes mode uses: {@code resources}, {@code image},
 * {@code imagePullSecrets}, {@code serviceType}. Part of {@link FunctionValidation}, so both modes
 * accept and refuse the same documents.
 */
final class KubernetesFields {
    /** The Service types a function may ask for. */
    static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "LoadBalancer");
    private static final Set<String> RESOURCE_NAMES = Set.of("cpu", "memory", "ephemeral-storage");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern IMAGE = Pattern.compile("^[^\\s]+$");

    private KubernetesFields() {}

    static void validate(FunctionSpec spec, List<FieldError> errors) {
        if (spec.serviceType() != null && !SERVICE_TYPES.contains(spec.serviceType())) {
            errors.add(new FieldError("spec.serviceType", Quote.value(spec.serviceType()) + " is not one of ClusterIP, LoadBalancer"));
        }
        boolean control = TextChecks.noControl(spec.image(), "spec.image", "an image reference", errors);
        if (!control && spec.image() != null && !IMAGE.matcher(spec.image()).matches()) {
            errors.add(new FieldError("spec.image", Quote.value(spec.image()) + " is not an image reference (e.g. registry.example/hello:1)"));
        }
        List<String> secrets = spec.imagePullSecrets() == null ? List.of() : spec.imagePullSecrets();
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            if (secret == null || secret.length() > 253 || !DNS_SUBDOMAIN.matcher(secret).matches()) {
                errors.add(new FieldError("spec.imagePullSecrets[" + i + "]", Quote.value(secret) + " is not a Secret's name"));
            }
        }
        if (spec.resources() != null) {
            int before = errors.size();
            quantities(spec.resources().requests(), "spec.resources.requests", errors);
            quantities(spec.resources().limits(), "spec.resources.limits", errors);
            if (errors.size() == before) {
                ResourceAmounts.validate(spec.resources(), errors);
            }
        }
    }

    private static void quantities(Map<String, String> values, String field, List<FieldError> errors) {
        if (values == null) {
            return;
        }
        values.forEach((name, value) -> {
            if (!RESOURCE_NAMES.contains(name)) {
                errors.add(new FieldError(field + "." + Quote.key(name), "is not one of cpu, memory, ephemeral-storage"));
            } else if (!Quantity.isKubernetesQuantity(value)) {
                errors.add(new FieldError(field + "." + name, Quote.value(value) + " is not a quantity (e.g. 250m, 0.5, 128Mi)"));
            }
        });
    }
}
