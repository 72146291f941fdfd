package dev.skiff.server.secrets;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionValidation;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
import dev.skiff.api.SecretRef;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Secrets: made, replaced, listed (names, keys and ages, never values), deleted (refused while a
 * function names one, unless forced), and opened only for {@link #values}, which a new instance's
 * start asks. Every answer and error names secrets and keys, never a value.
 */
public final class SecretService {
    private final SecretStore store;
    private final SecretKeyFile keyFile;
    private final Users users;
    private final Clock clock;

    /** Which functions name a secret: {@link #delete} refuses while any does. */
    @FunctionalInterface
    public interface Users {
        /** The names of the functions of the secret's namespace that name the secret keyed {@code key}. */
        List<String> of(String key);
    }

    /** Secrets kept in {@code store}, sealed under the key in {@code keyFile}; times from {@code clock}. */
    public SecretService(SecretStore store, SecretKeyFile keyFile, Users users, Clock clock) {
        this.store = store;
        this.keyFile = keyFile;
        this.users = users;
        this.clock = clock;
    }

    /**
     * A secret as shown.
     *
     * @param name its name
     * @param namespace its namespace
     * @param keys the names of its keys
     * @param created when it was made
     * @param updated when its values were last set
     * @param usedBy the functions that name it
     */
    public record View(String name, String namespace, List<String> keys, String created, String updated, List<String> usedBy) {}

    /** Makes a secret in {@code namespace}: 400 for a bad name, key or size, 409 when it exists. */
    public View create(String namespace, String name, Map<String, byte[]> values) {
        check(name, values);
        String key = Namespaces.key(namespace, name);
        String now = clock.instant().toString();
        SecretRecord record = new SecretRecord(key, new ArrayList<>(new TreeSet<>(values.keySet())),
                seal(key, values), now, now);
        if (!store.insert(record)) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "secret " + Quote.value(name) + " exists; "
                    + "replace its values with 'skiff secret update " + name + "'");
        }
        return view(record);
    }

    /** Replaces a secret's keys and values: 404 when there is none. New instances read the new values. */
    public synchronized View update(String namespace, String name, Map<String, byte[]> values) {
        check(name, values);
        SecretRecord before = record(namespace, name);
        SecretRecord after = new SecretRecord(before.key(), new ArrayList<>(new TreeSet<>(values.keySet())),
                seal(before.key(), values), before.created(), clock.instant().toString());
        store.update(after);
        return view(after);
    }

    /** The secrets of {@code namespace}. */
    public List<View> list(String namespace) {
        return store.secrets().stream().filter(s -> Namespaces.namespaceOf(s.key()).equals(namespace)).map(this::view).toList();
    }

    /** One secret; 404 when there is none. */
    public View get(String namespace, String name) {
        return view(record(namespace, name));
    }

    /**
     * The errors of {@code secrets} as the secrets a function of {@code namespace} names: a secret that
     * is not there, and, for one asked as environment variables, a key that is not a variable name.
     */
    public List<FieldError> errors(String namespace, List<SecretRef> secrets) {
        List<FieldError> errors = new ArrayList<>();
        if (secrets == null) {
            return errors;
        }
        for (int i = 0; i < secrets.size(); i++) {
            SecretRef ref = secrets.get(i);
            String key = Namespaces.key(namespace, ref.name());
            java.util.Optional<SecretRecord> record = store.secret(key);
            if (record.isEmpty()) {
                errors.add(new FieldError("spec.secrets[" + i + "].name", "secret " + Quote.value(ref.name())
                        + " does not exist" + inNamespace(key) + "; create it first with 'skiff secret create " + ref.name() + "'"));
            } else if (ref.asEnv()) {
                String field = "spec.secrets[" + i + "].env";
                record.get().keys().stream().filter(k -> !SecretRef.isEnvName(k)).findFirst().ifPresent(k ->
                        errors.add(new FieldError(field, "key " + Quote.value(k) + " of secret "
                                + Quote.value(ref.name()) + " is not an environment variable name; read it as a file instead")));
            }
        }
        return errors;
    }



    /** Deletes a secret: 404 when there is none; 409 while functions name it, unless {@code force}. */
    public View delete(String namespace, String name, boolean force) {
        SecretRecord record = record(namespace, name);
        List<String> using = users.of(record.key());
        if (!using.isEmpty() && !force) {
            throw new SkiffException(ErrorCode.IN_USE, "secret " + Quote.value(name) + " is named by the function(s) "
                    + String.join(", ", using) + "; remove it from them first, or delete it with --force (their new "
                    + "instances will then fail to start)");
        }
        store.delete(record.key());
        return view(record);
    }

    /** Deletes every secret of {@code namespace} (the namespace is being deleted). */
    public void deleteAll(String namespace) {
        list(namespace).forEach(view -> store.delete(Namespaces.key(namespace, view.name())));
    }

    /**
     * The values of the secret keyed {@code key}, for an instance about to start: {@link Unavailable}
     * when there is no such secret or it cannot be opened (the key file lost or replaced), saying so.
     */
    public Map<String, byte[]> values(String key) throws Unavailable {
        SecretRecord record = store.secret(key).orElseThrow(() -> new Unavailable("secret " + Quote.value(Namespaces.nameOf(key))
                + " does not exist" + inNamespace(key) + "; create it with 'skiff secret create'"));
        SecretBox box;
        try {
            box = keyFile.read().orElseThrow(() -> new Unavailable("secret " + Quote.value(Namespaces.nameOf(key))
                    + " cannot be read: the secrets key file " + keyFile.path() + " is missing; restore it from a backup, "
                    + "or set the secret's values again with 'skiff secret update'"));
        } catch (SecretKeyFile.BadKeyFile e) {
            throw new Unavailable("secret " + Quote.value(Namespaces.nameOf(key)) + " cannot be read: " + e.getMessage());
        }
        try {
            return SecretValues.decode(box.open(record.sealed(), key));
        } catch (SecretBox.WrongKey e) {
            throw new Unavailable("secret " + Quote.value(Namespaces.nameOf(key)) + " cannot be read: the secrets key file "
                    + keyFile.path() + " is not the key it was sealed with (replaced or lost?); restore the file, or set "
                    + "the secret's values again with 'skiff secret update'");
        }
    }

    private static String inNamespace(String key) {
        String namespace = Namespaces.namespaceOf(key);
        return Namespaces.DEFAULT.equals(namespace) ? "" : " in the namespace " + namespace;
    }

    private byte[] seal(String key, Map<String, byte[]> values) {
        try {
            return keyFile.readOrCreate().seal(SecretValues.encode(values), key);
        } catch (SecretKeyFile.BadKeyFile e) {
            throw new SkiffException(ErrorCode.SECRET_UNREADABLE, e.getMessage());
        }
    }

    private static void check(String name, Map<String, byte[]> values) {
        List<FieldError> errors = new ArrayList<>();
        FunctionValidation.validateName(name, "metadata.name", errors);
        SecretValues.problems(values).forEach(problem -> errors.add(new FieldError("data", problem)));
        if (!errors.isEmpty()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, String.join("; ", errors.stream()
                    .map(error -> error.field() + ": " + error.message()).toList()));
        }
    }

    private SecretRecord record(String namespace, String name) {
        if (name == null || name.indexOf('.') >= 0) {
            throw new SkiffException(ErrorCode.NOT_FOUND, "secret " + Quote.value(name) + " not found");
        }
        return store.secret(Namespaces.key(namespace, name)).orElseThrow(() -> new SkiffException(ErrorCode.NOT_FOUND,
                "secret " + Quote.value(name) + " not found" + inNamespace(Namespaces.key(namespace, name))));
    }

    private View view(SecretRecord record) {
        return new View(Namespaces.nameOf(record.key()), Namespaces.namespaceOf(record.key()), record.keys(),
                record.created(), record.updated(), users.of(record.key()));
    }

    /** A secret an instance needs cannot be handed to it; the message says why and what to do. */
    public static final class Unavailable extends Exception {
        /** Why. */
        public Unavailable(String message) {
            super(message);
        }
    }
}
