package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.Map;

/**
 * What one instance of a function requests and may use at most, as a Kubernetes container's
 * {@code resources}: {@code cpu}, {@code memory} and {@code ephemeral-storage}, each a Kubernetes
 * quantity ({@code 250m}, {@code 0.5}, {@code 128Mi}), a string or, as in Kubernetes, a number
 * ({@code cpu: 0.5}). Kubernetes uses both; the embedded mode enforces the {@code cpu} and
 * {@code memory} limits and ignores the requests.
 *
 * @param requests what the scheduler reserves for an instance
 * @param limits the most an instance may use
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceRequirements(@JsonDeserialize(contentUsing = QuantityText.class) Map<String, String> requests,
                                   @JsonDeserialize(contentUsing = QuantityText.class) Map<String, String> limits) {}
