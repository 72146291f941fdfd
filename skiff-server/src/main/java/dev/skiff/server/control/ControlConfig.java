package dev.skiff.server.control;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * Settings of the control plane.
 *
 * @param functionsDir where revisions' code and dependencies live
 * @param baseUrl the server's external URL, which prefixes function URLs
 * @param maxQueue how many requests may wait for one revision's instances
 * @param maxInstancesPerRevision the most instances one revision runs, whatever its max-scale says
 * @param platformEnv the variables every process of a function in a namespace gets (its broker's URL), under the
 *     function's own {@code spec.env}
 * @param clock the time of creation stamps and status conditions
 */
public record ControlConfig(Path functionsDir, String baseUrl, int maxQueue, int maxInstancesPerRevision,
                            Function<String, Map<String, String>> platformEnv, Clock clock) {}
