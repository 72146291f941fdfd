package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a function's instances scale. So far: whether it may scale to zero, and how long an idle
 * instance is kept first (Knative's min-scale and scale-to-zero grace period). The embedded
 * backend runs one instance per revision while there is traffic.
 *
 * @param minScale instances kept without traffic: 0 (scale to zero, the default) or 1
 * @param scaleToZeroGraceSeconds how long after its last request an idle instance stops (default 30)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScaleSpec(Integer minScale, Integer scaleToZeroGraceSeconds) {}
