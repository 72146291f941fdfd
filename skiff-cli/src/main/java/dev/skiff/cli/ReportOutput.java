package dev.skiff.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a report goes: standard output, or a file when {@code --output} names one. */
final class ReportOutput {
    private ReportOutput() {}

    /** Writes {@code text} to {@code file}, or to standard output when {@code file} is null. */
    static void write(CliContext context, Path file, String text) throws IOException {
        if (file == null) {
            context.out().print(text);
            context.out().flush();
        } else {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }
}
