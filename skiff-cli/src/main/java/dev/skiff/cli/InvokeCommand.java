package dev.skiff.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skiff invoke}: calls a function and prints its answer's body unchanged. */
@Command(name = "invoke", usageHelpAutoWidth = true, sortOptions = false,
        description = "Call a function; its answer's body goes to standard output as it is.")
public class InvokeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The function to call; NAME@TAG calls the revision a tag routes to.")
    String name;

    @ArgGroup(exclusive = true)
    Body body;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "POST",
            description = "The HTTP method (default: POST).")
    String method;

    @Option(names = "--path", paramLabel = "PATH", defaultValue = "",
            description = "The path (and query) after the function's name, e.g. /a/b?x=1.")
    String path;

    @Option(names = {"-H", "--header"}, paramLabel = "'K: V'", description = "A request header; repeatable.")
    List<String> headers;

    @Option(names = "--async", description = "Queue the call and print its activation id at once "
            + "(see 'skiff activations get ID'); -H 'X-Callback-Url: URL' receives the result.")
    boolean async;

    /** The {@code skiff} command this one runs under (directly, or as {@code skiff function ...}). */
    SkiffCommand skiff() {
        return SkiffCommand.of(spec);
    }

    /** Where the request body comes from: {@code --data} or {@code --data-file}, not both. */
    static final class Body {
        @Option(names = "--data", paramLabel = "TEXT", description = "The request body.")
        String text;

        @Option(names = "--data-file", paramLabel = "FILE", description = "A file whose bytes are the request body.")
        Path file;
    }

    /** Sends the request; a non-2xx answer prints its message to standard error and exits 1. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        String verb = method.strip().toUpperCase(Locale.ROOT);
        String target = requestPath();
        List<SkiffClient.Header> parsed = parseHeaders();
        byte[] data = bodyBytes();
        try (SkiffClient client = skiff().client()) {
            if (async) {
                skiff().context().out().println(client.invokeAsync(name, verb, target, parsed, data).path("activationId").asText());
                return 0;
            }
            HttpResponse<InputStream> response;
            try {
                response = client.invoke(name, verb, target, parsed, data);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Invalid request: " + e.getMessage(), e);
            }
            try (InputStream in = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    throw SkiffClient.error(response.statusCode(), answer);
                }
                PrintStream out = skiff().context().out();
                byte[] last = new byte[1];
                long written = copy(in, out, last);
                // A person at a terminal gets the prompt on a line of its own; a program gets the bytes as they are.
                if (skiff().context().terminal() && written > 0 && last[0] != '\n') {
                    out.println();
                }
                out.flush();
                return 0;
            }
        }
    }

    /** Copies {@code in} to {@code out}, keeping the last byte in {@code last}; the bytes copied. */
    private static long copy(InputStream in, PrintStream out, byte[] last) throws java.io.IOException {
        byte[] buffer = new byte[8192];
        long written = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (n > 0) {
                out.write(buffer, 0, n);
                last[0] = buffer[n - 1];
                written += n;
            }
        }
        return written;
    }

    /** The path to append to {@code /function/NAME}: empty, or starting with {@code /} or {@code ?}. */
    String requestPath() {
        String given = path.strip();
        String target = given.isEmpty() || given.startsWith("/") || given.startsWith("?") ? given : "/" + given;
        try {
            URI.create("http://localhost" + target);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--path': '" + path + "' is not a URL path (encode spaces as %20)", e);
        }
        return target;
    }

    /** The {@code -H} headers; a usage error for one without a colon. */
    List<SkiffClient.Header> parseHeaders() {
        List<SkiffClient.Header> parsed = new ArrayList<>();
        for (String header : headers == null ? List.<String>of() : headers) {
            int colon = header.indexOf(':');
            if (colon < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '-H': '" + header + "' should be 'Name: value'");
            }
            parsed.add(new SkiffClient.Header(header.substring(0, colon).strip(), header.substring(colon + 1).strip()));
        }
        return parsed;
    }

    private byte[] bodyBytes() {
        if (body == null) {
            return null;
        }
        if (body.text != null) {
            return body.text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Files.readAllBytes(body.file);
        } catch (NoSuchFileException e) {
            throw new CliException("--data-file " + body.file + ": no such file", e);
        } catch (IOException e) {
            throw new CliException("--data-file " + body.file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }
}
