package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.FunctionDocument;
import dev.skiff.api.Function;
import dev.skiff.api.SecretRef;
import dev.skiff.api.MalformedDocumentException;
import dev.skiff.api.ValidationException;
import dev.skiff.api.VolumeMount;
import dev.skiff.runtimes.RuntimeNames;
import dev.skiff.runtimes.command.CommandRuntime;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skiff deploy}: creates a function, or updates it when it exists, and prints its URL. */
@Command(name = "deploy", usageHelpAutoWidth = true, sortOptions = false,
        description = {"Create or update a function; answers once its new revision serves.",
            "Takes the function from the flags, or from a -f document whose fields the flags override."})
public class DeployCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The function's name (default: the document's).")
    String name;

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", description = "A Function document, YAML or JSON.")
    Path document;

    @Option(names = "--runtime", paramLabel = "RUNTIME", description = "The language runtime, e.g. python3.")
    String runtime;

    @Option(names = "--handler", paramLabel = "HANDLER",
            description = "The entry point, e.g. hello.handle (not for the http runtime).")
    String handler;

    @Option(names = "--command", paramLabel = "COMMAND",
            description = {"The program an http function runs, with its arguments, e.g. \"python3 app.py\".",
                "Split into words like a shell would (quotes, backslashes) but never run by one."})
    String command;

    @Option(names = "--volume", paramLabel = "NAME:PATH[:ro]", converter = VolumeMountOption.class,
            description = "Mount a volume at PATH, read-only with :ro; repeatable.")
    List<VolumeMount> volumes;

    @Option(names = "--from-file", paramLabel = "PATH",
            description = "The code: a file (text, or base64 when not UTF-8), a directory (zipped; a symlink "
                    + "in it as what it points to, refused when that is outside it), a .zip, .tar.gz or .tgz.")
    Path fromFile;

    @Option(names = {"--requirements", "--dependencies"}, paramLabel = "FILE",
            description = "The dependencies, e.g. a requirements.txt (--dependencies as kubeless spells it).")
    Path requirements;

    @Option(names = "--env", paramLabel = "K=V", description = "An environment variable; repeatable.")
    Map<String, String> env;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long one request may run.")
    Integer timeoutSeconds;

    @Option(names = "--max-request-size", paramLabel = "SIZE", converter = MaxRequestSizeConverter.class,
            description = "The largest request body, e.g. 6Mi.")
    String maxRequestSize;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Requests one instance serves at once (default 1); 0 is no limit, for a handler that"
                    + " mostly waits. A Python handler that mostly computes is fastest with a small limit, such as 3"
                    + " on 2 cores (README: Choosing concurrency).")
    Integer concurrency;

    @Option(names = "--allow", paramLabel = "COMMAND", split = ",",
            description = "An executable a command function may run, e.g. mProject,mDiffFit; repeatable.")
    List<String> allowedCommands;

    @Option(names = "--memory", paramLabel = "SIZE", converter = ResourceQuantityConverter.Memory.class,
            description = {"The most memory each instance may use, e.g. 256Mi (spec.resources.limits.memory); past it",
                "the kernel kills the instance and its request is answered 502 OutOfMemory (default: the server's)."})
    String memory;

    @Option(names = "--cpu", paramLabel = "CPU", converter = ResourceQuantityConverter.Cpu.class,
            description = "The most CPU each instance may use, e.g. 500m or 0.5 (spec.resources.limits.cpu; default: the server's).")
    String cpu;

    @Option(names = "--network", paramLabel = "outbound|none",
            description = "What the function's instances may reach (spec.network): outbound, the internet and other "
                    + "functions through SKIFF_URL (the default), or none, no network at all (python3, nodejs and "
                    + "command functions).")
    String network;

    @Option(names = "--auth", paramLabel = "public|token",
            description = "Who may invoke the function (spec.auth): public, anyone who reaches the server (the "
                    + "default), or token, only callers sending 'Authorization: Bearer <token>' with a token of any role.")
    String auth;

    @Option(names = "--secret", paramLabel = "NAME",
            description = "A secret the function reads as files under /var/skiff/secrets/NAME/ (skiff secret create); repeatable.")
    List<String> secretFiles;

    @Option(names = "--secret-env", paramLabel = "NAME",
            description = "As --secret, and each of its keys also an environment variable; repeatable.")
    List<String> secretEnv;

    /** The {@code skiff} command this one runs under (directly, or as {@code skiff function ...}). */
    SkiffCommand skiff() {
        return SkiffCommand.of(spec);
    }

    /** {@code --secret} and {@code --secret-env} as {@code spec.secrets}; null when neither is given. */
    private List<SecretRef> secrets() {
        if (secretFiles == null && secretEnv == null) {
            return null;
        }
        java.util.Map<String, SecretRef> refs = new java.util.LinkedHashMap<>();
        (secretFiles == null ? List.<String>of() : secretFiles).forEach(name -> refs.put(name, new SecretRef(name, null)));
        (secretEnv == null ? List.<String>of() : secretEnv).forEach(name -> refs.put(name, new SecretRef(name, true)));
        return List.copyOf(refs.values());
    }

    /** Sends the function (POST, then PUT when it exists) and prints its URL. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        Function function = function();
        try (FunctionStore client = skiff().functions()) {
            Function deployed = ServerDocuments.function(send(client, function));
            String url = deployed.status() != null && deployed.status().url() != null
                    ? deployed.status().url() : client.pendingUrl(function.name());
            skiff().context().out().println(url);
            runtimeNote(function, deployed);
        }
        deployed(function);
        return 0;
    }

    /** Says on standard error which runtime runs a function deployed with another platform's runtime name. */
    private void runtimeNote(Function sent, Function deployed) {
        var annotations = deployed.metadata() == null ? null : deployed.metadata().annotations();
        String requested = annotations == null ? null : annotations.get(RuntimeNames.REQUESTED);
        if (requested != null && requested.equals(sent.spec().runtime()) && deployed.spec() != null) {
            String interpreter = annotations.get(RuntimeNames.INTERPRETER);
            skiff().context().err().println("runtime " + requested + " runs on Skiff's " + deployed.spec().runtime()
                    + " runtime" + (interpreter == null ? "" : ": " + interpreter));
        }
    }

    /** Stores {@code function}: creates it, or replaces it when it exists; answers the server's document. */
    JsonNode send(FunctionStore client, Function function) throws IOException, InterruptedException {
        try {
            return client.create(function);
        } catch (ApiException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
            return client.replace(function);
        }
    }

    /** What to do once {@code function} is stored (nothing here; {@code skiff function deploy} adds its triggers). */
    void deployed(Function function) throws IOException, InterruptedException {
        // skiff deploy stores the function only.
    }

    /** The function the flags and the {@code -f} document describe; a usage error when the name, or a non-command function's code, is missing. */
    Function function() {
        Function base = document == null ? null : readDocument(document);
        Function function = new FunctionOverrides(
                name,
                runtime,
                handler,
                fromFile == null ? null : SourcePackager.fromPath(fromFile),
                requirements == null ? null : readText(requirements, "--requirements"),
                env == null ? Map.of() : env,
                timeoutSeconds,
                maxRequestSize,
                concurrency,
                command == null ? null : argv(command),
                volumes,
                allowedCommands,
                memory,
                cpu,
                network,
                auth,
                secrets()).applyTo(base);
        if (function.name() == null || function.name().isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Missing the function's NAME: give it as an argument or as metadata.name in -f FILE");
        }
        if (function.spec().source() == null && !CommandRuntime.NAME.equals(function.spec().runtime())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Missing the function's code: give --from-file PATH or spec.source in -f FILE");
        }
        return function;
    }

    private List<String> argv(String line) {
        try {
            List<String> words = CommandWords.split(line);
            if (words.isEmpty()) {
                throw new IllegalArgumentException("the command is empty");
            }
            return words;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--command: " + e.getMessage(), e);
        }
    }

    /** The Function document in {@code file} (Skiff's, or kubeless's translated); a {@link CliException} naming the file when it cannot be read. */
    static Function readDocument(Path file) {
        try {
            return FunctionDocument.read(readText(file, "-f"));
        } catch (ValidationException | MalformedDocumentException e) {
            throw new CliException(file + ": " + e.getMessage(), e);
        }
    }

    private static String readText(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(option + " " + file + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new CliException(option + " " + file + ": is not UTF-8 text", e);
        } catch (IOException e) {
            throw new CliException(option + " " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }
}
