package dev.skiff.api;

/**
 * An immutable snapshot of a function's spec, made by every deploy or update.
 *
 * @param name {@code <function>-<number, five digits>}, as Knative names revisions
 * @param function the function it belongs to
 * @param number its place in the function's history, from 1
 * @param spec the defaulted spec it runs
 * @param created when it was made (ISO-8601)
 */
public record Revision(String name, String function, int number, FunctionSpec spec, String created) {

    /**
     * The name (the key, outside the default namespace) of revision {@code number} of the function
     * keyed {@code function}: {@code hello-00001}, {@code hello-00001.team-a}.
     */
    public static String nameFor(String function, int number) {
        return Namespaces.sibling(function, String.format("%s-%05d", Namespaces.nameOf(function), number));
    }
}
