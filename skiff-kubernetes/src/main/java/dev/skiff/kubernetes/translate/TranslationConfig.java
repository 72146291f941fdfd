package dev.skiff.kubernetes.translate;

/**
 * What the translations need to know beyond the resources: where runtime images come from and where
 * Skiff's gateway answers.
 *
 * @param imagePrefix runtime images are {@code <imagePrefix>runtime-<runtime>:<imageTag>}, e.g.
 *     {@code skiff/runtime-python3:0.1.0}, built from deploy/images/
 * @param imageTag the runtime images' tag
 * @param gatewayUrl the in-cluster gateway's base URL (plain Kubernetes), e.g.
 *     {@code http://skiff-gateway.skiff-system.svc.cluster.local}
 * @param callerImage the image a CronJob calls its function with (it runs curl)
 */
public record TranslationConfig(String imagePrefix, String imageTag, String gatewayUrl, String callerImage) {
    /** The defaults deploy/kubernetes/ installs with. */
    public static final TranslationConfig DEFAULT = new TranslationConfig(
            "skiff/", "0.1.0", "http://skiff-gateway.skiff-system.svc.cluster.local", "curlimages/curl:8.11.1");

    /** The image that runs {@code runtime}'s bootstrap; an {@code http} app runs in the Python image, as it does embedded. */
    public String runtimeImage(String runtime) {
        return imagePrefix + "runtime-" + ("http".equals(runtime) ? "python3" : runtime) + ":" + imageTag;
    }

    /** Where the gateway serves {@code function}. */
    public String functionUrl(String function) {
        return gatewayUrl + "/function/" + function;
    }
}
