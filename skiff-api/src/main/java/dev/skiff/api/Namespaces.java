package dev.skiff.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Names in namespaces, as the embedded server keys them. A resource of the {@code default}
 * namespace is keyed by its name alone, as before namespaces existed; one of another namespace by
 * {@code name.namespace}, as Knative names a service's host ({@code hello.team-a}). Names are
 * DNS-1123 labels, which hold no dot, so a key is never ambiguous, and {@code /function/hello.team-a}
 * cannot be confused with {@code /function/hello/sub/path}. A revision's key is its name with the
 * same suffix ({@code hello-00001.team-a}). Pure.
 */
public final class Namespaces {
    /** The namespace every resource made before namespaces existed, and every one made without naming one, is in. */
    public static final String DEFAULT = "default";
    /** The longest namespace name: keys stay within a DNS name's 253 characters and a path's room. */
    public static final int MAX_LENGTH = 40;
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private Namespaces() {}

    /** {@code namespace} as given, or {@link #DEFAULT} when null or blank. */
    public static String orDefault(String namespace) {
        return namespace == null || namespace.isBlank() ? DEFAULT : namespace;
    }

    /** The key of {@code name} in {@code namespace} (null: default). */
    public static String key(String namespace, String name) {
        String in = orDefault(namespace);
        return in.equals(DEFAULT) ? name : name + "." + in;
    }

    /** The namespace a key is in. */
    public static String namespaceOf(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? DEFAULT : key.substring(dot + 1);
    }

    /** The name a key stands for, without its namespace. */
    public static String nameOf(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** The key of a name in the namespace {@code key} is in: a revision of a function, e.g. */
    public static String sibling(String key, String name) {
        return key(namespaceOf(key), name);
    }

    /** Why {@code namespace} cannot name a namespace, or null when it can. */
    public static String problem(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return "a namespace needs a name";
        }
        if (namespace.length() > MAX_LENGTH) {
            return Quote.value(namespace) + " is longer than " + MAX_LENGTH + " characters";
        }
        if (!LABEL.matcher(namespace).matches()) {
            return Quote.value(namespace) + " is not a DNS-1123 label: use lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit";
        }
        return null;
    }

    /** The errors of {@code namespace} at {@code field}, added to {@code errors} (none when null: the default). */
    public static void validate(String namespace, String field, List<FieldError> errors) {
        if (namespace != null) {
            String problem = problem(namespace);
            if (problem != null) {
                errors.add(new FieldError(field, problem));
            }
        }
    }
}
