package dev.skiff.runtimes.java;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import java.util.Map;

/** The spec of a one-file Java function for the tests (Workers.code writes its code). */
final class JavaSources {
    private JavaSources() {}

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
