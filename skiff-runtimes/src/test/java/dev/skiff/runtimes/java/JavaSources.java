package dev.skiff.runtimes.java;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.RevisionFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One-file Java functions for the tests: their code on disk and their spec. */
final class JavaSources {
    private JavaSources() {}

    /** Writes one source file into {@code dir/code} and returns the revision's files. */
    static RevisionFiles code(Path dir, String file, String content) throws IOException {
        Path codeDir = Files.createDirectories(dir.resolve("code"));
        Files.createDirectories(codeDir.resolve(file).getParent());
        Files.writeString(codeDir.resolve(file), content);
        return new RevisionFiles(codeDir, Files.createDirectories(dir.resolve("deps")));
    }

    /** A java spec for a one-file text source. */
    static FunctionSpec spec(String handler, String file, String content) {
        return FunctionSpec.builder()
                .runtime("java")
                .handler(handler)
                .source(Source.text(file, content))
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .build();
    }
}
