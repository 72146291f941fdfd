package dev.skiff.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a defaulted function resource. Runtime-specific rules (the handler's form) are the runtime's
 * own; everything else is here.
 */
public final class FunctionValidation {
    /** Revision names add {@code -00001}; 57 keeps them within a DNS-1123 label's 63 characters. */
    public static final int MAX_NAME_LENGTH = 57;
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final int MAX_TIMEOUT_SECONDS = 3600;
    private static final int MAX_CONCURRENCY = 1000;
    /** The most instances a revision may ask for. */
    public static final int MAX_SCALE = 1000;
    private static final long MAX_REQUEST_BYTES = 1L << 30;

    private FunctionValidation() {}

    /** Every error in the resource, empty when it is valid for one of {@code runtimes}, each needing a handler. */
    public static List<FieldError> validate(Function function, Set<String> runtimes) {
        return validate(function, runtimes, runtime -> true);
    }

    /**
     * Every error in the resource, empty when it is valid for one of {@code runtimes};
     * {@code needsHandler} says which runtimes require {@code spec.handler} (an HTTP app has none).
     */
    public static List<FieldError> validate(Function function, Set<String> runtimes, Predicate<String> needsHandler) {
        List<FieldError> errors = new ArrayList<>();
        if (function.apiVersion() != null && !Function.API_VERSION.equals(function.apiVersion())) {
            errors.add(new FieldError("apiVersion", "must be " + Function.API_VERSION));
        }
        if (function.kind() != null && !Function.KIND.equals(function.kind())) {
            errors.add(new FieldError("kind", "must be " + Function.KIND));
        }
        validateName(function.name(), "metadata.name", errors);
        Namespaces.validate(function.metadata() == null ? null : function.metadata().namespace(), "metadata.namespace", errors);
        if (function.spec() == null) {
            errors.add(new FieldError("spec", "is required"));
        } else {
            validateSpec(function.name(), function.spec(), runtimes, needsHandler, errors);
        }
        return errors;
    }

    /** Throws a {@link ValidationException} listing every error, if there are any. */
    public static void check(Function function, Set<String> runtimes) {
        List<FieldError> errors = validate(function, runtimes);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** Checks that {@code name} can name a function: a DNS-1123 label short enough for its revisions. */
    public static void validateName(String name, String field, List<FieldError> errors) {
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError(field, Quote.value(name) + " is longer than " + MAX_NAME_LENGTH + " characters"));
        } else if (!DNS_LABEL.matcher(name).matches()) {
            errors.add(new FieldError(field, Quote.value(name) + " is not a DNS-1123 label: use lower-case letters, "
                    + "digits and '-', starting and ending with a letter or digit"));
        }
    }

    private static void validateSpec(String name, FunctionSpec spec, Set<String> runtimes, Predicate<String> needsHandler,
                                     List<FieldError> errors) {
        if (spec.runtime() == null || spec.runtime().isBlank()) {
            errors.add(new FieldError("spec.runtime", "is required (one of " + sorted(runtimes) + ")"));
        } else if (!runtimes.contains(spec.runtime())) {
            errors.add(new FieldError("spec.runtime", "unknown runtime " + Quote.value(spec.runtime()) + "; known: " + sorted(runtimes)));
        }
        if ((spec.handler() == null || spec.handler().isBlank()) && needsHandler.test(spec.runtime())) {
            errors.add(new FieldError("spec.handler", "is required"));
        }
        TextChecks.noControl(spec.handler(), "spec.handler", "a handler", errors);
        TextChecks.noNul(spec.requirements(), "spec.requirements", "a requirements file", errors);
        validateCommand(spec.command(), errors);
        validateSource(spec.source(), errors);
        validateEnv(spec.env(), errors);
        validateVolumes(spec.volumes(), errors);
        validateAllowedCommands(spec.allowedCommands(), errors);
        validateScale(spec.scale(), spec.concurrency(), errors);
        if (spec.network() != null && !List.of(FunctionSpec.NETWORK_OUTBOUND, FunctionSpec.NETWORK_NONE).contains(spec.network())) {
            errors.add(new FieldError("spec.network", Quote.value(spec.network()) + " is not one of "
                    + FunctionSpec.NETWORK_OUTBOUND + " (the internet, the default), " + FunctionSpec.NETWORK_NONE
                    + " (no network)"));
        }
        if (spec.auth() != null && !List.of(FunctionSpec.AUTH_PUBLIC, FunctionSpec.AUTH_TOKEN).contains(spec.auth())) {
            errors.add(new FieldError("spec.auth", Quote.value(spec.auth()) + " is not one of "
                    + FunctionSpec.AUTH_PUBLIC + " (anyone may invoke it, the default), " + FunctionSpec.AUTH_TOKEN
                    + " (only callers with a token)"));
        }
        if (spec.traffic() != null) {
            validateTraffic(name, spec.traffic(), "spec.traffic", errors);
        }
        validateSecrets(spec.secrets(), spec.volumes(), errors);
        KubernetesFields.validate(spec, errors);
        if (spec.timeoutSeconds() < 1 || spec.timeoutSeconds() > MAX_TIMEOUT_SECONDS) {
            errors.add(new FieldError("spec.timeoutSeconds", "must be between 1 and " + MAX_TIMEOUT_SECONDS));
        }
        if (spec.concurrency() < 0 || spec.concurrency() > MAX_CONCURRENCY) {
            errors.add(new FieldError("spec.concurrency", "must be between 0 (no limit) and " + MAX_CONCURRENCY));
        }
        try {
            long bytes = Quantity.parseBytes(spec.maxRequestSize());
            if (bytes < 1 || bytes > MAX_REQUEST_BYTES) {
                errors.add(new FieldError("spec.maxRequestSize", "must be between 1 byte and 1Gi"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("spec.maxRequestSize", e.getMessage()));
        }
    }

    private static void validateSource(Source source, List<FieldError> errors) {
        if (source == null) {
            errors.add(new FieldError("spec.source", "is required"));
            return;
        }
        Source.ContentType type = Source.ContentType.parse(source.contentType());
        if (type == null) {
            errors.add(new FieldError("spec.source.contentType",
                    Quote.value(source.contentType()) + " is not one of text, base64, zip, tar.gz"));
            return;
        }
        if (source.content() == null) {
            errors.add(new FieldError("spec.source.content", "is required"));
            return;
        }
        if (type != Source.ContentType.TEXT) {
            try {
                source.bytes();
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("spec.source.content", "is not valid base64: " + e.getMessage()));
            }
        }
        if (!type.isArchive()) {
            validateFilename(source.filename(), errors);
        }
    }

    private static void validateFilename(String filename, List<FieldError> errors) {
        if (filename == null || filename.isBlank()) {
            errors.add(new FieldError("spec.source.filename", "is required for text and base64 sources (e.g. hello.py)"));
            return;
        }
        if (TextChecks.noControl(filename, "spec.source.filename", "a file name", errors)) {
            return;
        }
        boolean escapes = filename.startsWith("/") || filename.contains("\\")
                || List.of(filename.split("/")).stream().anyMatch(part -> part.equals("..") || part.isEmpty());
        if (escapes) {
            errors.add(new FieldError("spec.source.filename",
                    Quote.value(filename) + " must be a relative path inside the function's directory"));
        }
    }

    private static void validateSecrets(List<SecretRef> secrets, List<VolumeMount> volumes, List<FieldError> errors) {
        if (secrets != null) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < secrets.size(); i++) {
                SecretRef secret = secrets.get(i);
                String field = "spec.secrets[" + i + "].name";
                if (secret == null || secret.name() == null) {
                    errors.add(new FieldError(field, "a secret needs a name"));
                    continue;
                }
                validateName(secret.name(), field, errors);
                if (!seen.add(secret.name())) {
                    errors.add(new FieldError(field, Quote.value(secret.name()) + " is named twice"));
                }
            }
        }
        if (volumes != null) {
            for (int i = 0; i < volumes.size(); i++) {
                String path = volumes.get(i) == null ? null : volumes.get(i).mountPath();
                if (path != null && (path.equals(SecretRef.MOUNT_ROOT) || path.startsWith(SecretRef.MOUNT_ROOT + "/")
                        || SecretRef.MOUNT_ROOT.startsWith(path.endsWith("/") ? path : path + "/"))) {
                    errors.add(new FieldError("spec.volumes[" + i + "].mountPath", Quote.value(path) + " would hide or "
                            + "hold " + SecretRef.MOUNT_ROOT + ", where the function's secrets are"));
                }
            }
        }
    }

    private static void validateVolumes(List<VolumeMount> volumes, List<FieldError> errors) {
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            VolumeMount mount = volumes.get(i);
            String field = "spec.volumes[" + i + "]";
            if (mount == null) {
                errors.add(new FieldError(field, "is empty"));
                continue;
            }
            validateName(mount.name(), field + ".name", errors);
            String path = mount.mountPath();
            if (TextChecks.noControl(path, field + ".mountPath", "a path", errors)) {
                continue;
            }
            if (path == null || !path.startsWith("/") || path.equals("/")
                    || List.of(path.substring(1).split("/")).stream().anyMatch(p -> p.isEmpty() || p.equals("..") || p.equals("."))) {
                errors.add(new FieldError(field + ".mountPath", Quote.value(path) + " must be an absolute path below / (e.g. /mnt/data)"));
            } else if (MountPathRules.refusal(path).isPresent()) {
                errors.add(new FieldError(field + ".mountPath", Quote.value(path) + " " + MountPathRules.refusal(path).get()));
            } else if (!paths.add(path)) {
                errors.add(new FieldError(field + ".mountPath", Quote.value(path) + " is mounted twice"));
            }
        }
    }

    private static void validateScale(ScaleSpec scale, int concurrency, List<FieldError> errors) {
        if (scale.minScale() < 0 || scale.minScale() > MAX_SCALE) {
            errors.add(new FieldError("spec.scale.minScale", "must be between 0 (scale to zero when idle) and " + MAX_SCALE));
        }
        if (scale.maxScale() < 0 || scale.maxScale() > MAX_SCALE) {
            errors.add(new FieldError("spec.scale.maxScale", "must be between 0 (no limit) and " + MAX_SCALE));
        } else if (scale.maxScale() > 0 && scale.minScale() > scale.maxScale()) {
            errors.add(new FieldError("spec.scale.minScale", "is " + scale.minScale() + ", above maxScale " + scale.maxScale()));
        }
        if (scale.target() < 1 || scale.target() > MAX_CONCURRENCY) {
            errors.add(new FieldError("spec.scale.target", "must be between 1 and " + MAX_CONCURRENCY));
        } else if (concurrency > 0 && scale.target() > concurrency) {
            errors.add(new FieldError("spec.scale.target", "is " + scale.target() + ", above the hard limit spec.concurrency "
                    + concurrency + "; an instance can never see that many requests"));
        }
        range(scale.targetUtilizationPercentage(), 1, 100, "spec.scale.targetUtilizationPercentage", errors);
        range(scale.stableWindowSeconds(), 6, MAX_TIMEOUT_SECONDS, "spec.scale.stableWindowSeconds", errors);
        range(scale.panicWindowPercentage(), 1, 100, "spec.scale.panicWindowPercentage", errors);
        range(scale.panicThresholdPercentage(), 110, 1000, "spec.scale.panicThresholdPercentage", errors);
        range(scale.scaleToZeroGraceSeconds(), 1, MAX_TIMEOUT_SECONDS, "spec.scale.scaleToZeroGraceSeconds", errors);
    }

    private static void range(int value, int least, int most, String field, List<FieldError> errors) {
        if (value < least || value > most) {
            errors.add(new FieldError(field, "is " + value + "; must be between " + least + " and " + most));
        }
    }

    /**
     * Checks a traffic table's shape: each entry names a revision of {@code function} or follows the
     * latest, a revision has a percent in one entry only, shares are 0 to 100 and sum to 100, tags are
     * distinct DNS labels. Whether the named revisions exist is the server's to check.
     */
    public static void validateTraffic(String function, List<TrafficTarget> traffic, String field, List<FieldError> errors) {
        TrafficValidation.validate(function, traffic, field, errors);
    }

    private static void validateAllowedCommands(List<String> commands, List<FieldError> errors) {
        for (int i = 0; i < commands.size(); i++) {
            String command = commands.get(i);
            if (TextChecks.noControl(command, "spec.allowedCommands[" + i + "]", "a command's name", errors)) {
                continue;
            }
            if (command == null || command.isBlank() || command.contains("/") || command.equals("..") || command.equals(".")) {
                errors.add(new FieldError("spec.allowedCommands[" + i + "]",
                        Quote.value(command) + " must be an executable's name, found on PATH (e.g. mProject), not a path"));
            }
        }
    }

    private static void validateEnv(Map<String, String> env, List<FieldError> errors) {
        env.forEach((name, value) -> {
            String field = "spec.env." + Quote.key(name);
            if (!ENV_NAME.matcher(name).matches()) {
                errors.add(new FieldError(field, "is not a valid environment variable name"));
            } else if (value == null) {
                errors.add(new FieldError(field, "needs a value"));
            } else {
                TextChecks.noNul(value, field, "an environment variable", errors);
            }
        });
    }

    /** The program's name is a name, its arguments may hold anything but NUL, which no argument can. */
    private static void validateCommand(List<String> command, List<FieldError> errors) {
        for (int i = 0; command != null && i < command.size(); i++) {
            String field = "spec.command[" + i + "]";
            if (i == 0) {
                TextChecks.noControl(command.get(i), field, "a program's name", errors);
            } else {
                TextChecks.noNul(command.get(i), field, "a command argument", errors);
            }
        }
    }

    private static List<String> sorted(Set<String> runtimes) {
        return runtimes.stream().sorted().toList();
    }
}
