package dev.skiff.kubernetes.model;

/** The API group and version of Skiff's custom resources, and the label and annotation names they share. */
public final class SkiffResources {
    /** The API group. */
    public static final String GROUP = "skiff.dev";
    /** The API version within the group. */
    public static final String VERSION = "v1alpha1";
    /** {@code skiff.dev/v1alpha1}. */
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** The label naming the function an object belongs to. */
    public static final String FUNCTION_LABEL = GROUP + "/function";
    /** The label naming the revision a workload serves. */
    public static final String REVISION_LABEL = GROUP + "/revision";
    /** The label every object the operator makes carries. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** Its value. */
    public static final String MANAGED_BY = "skiff-operator";

    private SkiffResources() {}
}
