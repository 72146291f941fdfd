package dev.skiff.kubernetes.operator;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What the cluster has installed, from the API's discovery: Knative Serving decides between a
 * Knative Service and a Deployment with Skiff's gateway; Knative Eventing decides whether Brokers,
 * Triggers and CronTriggers become Knative's.
 *
 * @param knativeServing {@code serving.knative.dev} is served
 * @param knativeEventing {@code eventing.knative.dev} and {@code sources.knative.dev} are served
 */
public record ClusterCapabilities(boolean knativeServing, boolean knativeEventing) {
    /** A cluster without Knative. */
    public static final ClusterCapabilities PLAIN = new ClusterCapabilities(false, false);
    /** A cluster with Knative Serving and Eventing. */
    public static final ClusterCapabilities KNATIVE = new ClusterCapabilities(true, true);

    /** Asks the API server which groups it serves. */
    public static ClusterCapabilities detect(KubernetesClient client) {
        return new ClusterCapabilities(
                client.hasApiGroup("serving.knative.dev", false),
                client.hasApiGroup("eventing.knative.dev", false) && client.hasApiGroup("sources.knative.dev", false));
    }

    /** How the operator says what it found. */
    public String describe() {
        return (knativeServing ? "Knative Serving" : "no Knative Serving (Deployments and Skiff's gateway)")
                + ", " + (knativeEventing ? "Knative Eventing" : "no Knative Eventing (CronJobs for cron triggers)");
    }
}
