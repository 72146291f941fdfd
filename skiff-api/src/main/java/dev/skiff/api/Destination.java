package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where events go, as Knative's {@code Destination} (a trigger's subscriber, a dead-letter sink, a
 * cron trigger's sink): a Skiff function by name.
 *
 * @param function the function's name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Destination(String function) {}
