package dev.skiff.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the {@code skiff} command in-process with captured output, a given environment and a fixed clock. */
final class CliRunner {
    /** The instant every test's clock reads. */
    static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    private CliRunner() {}

    /** What one run left: its exit status and everything it printed. */
    record Result(int status, byte[] outBytes, String err) {
        /** Standard output as UTF-8 text. */
        String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code skiff args...} with an empty environment. */
    static Result run(String... args) {
        return run(Map.of(), args);
    }

    /**
     * Runs {@code skiff args...} with this environment; its CLI configuration is {@link SkiffProcess#CONFIG}
     * unless the environment names one, never the account's own.
     */
    static Result run(Map<String, String> env, String... args) {
        return run(false, env, args);
    }

    /** Runs {@code skiff args...} as a person at a terminal would: standard output is a terminal. */
    static Result runAtTerminal(String... args) {
        return run(true, Map.of(), args);
    }

    private static Result run(boolean terminal, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> withConfig = new java.util.HashMap<>(env);
        withConfig.putIfAbsent("SKIFF_CONFIG", SkiffProcess.CONFIG.toString());
        CliContext plain = context(out, err, withConfig);
        CliContext context = new CliContext(plain.out(), plain.err(), plain.env(), plain.clock(), terminal);
        int status = Main.run(context, args);
        context.out().flush();
        context.err().flush();
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** A context writing to these buffers. */
    static CliContext context(ByteArrayOutputStream out, ByteArrayOutputStream err, Map<String, String> env) {
        return new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
