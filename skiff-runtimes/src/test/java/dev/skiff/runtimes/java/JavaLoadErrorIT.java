package dev.skiff.runtimes.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Workers;
import dev.skiff.testkit.worker.WorkerHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler that cannot load makes the real Java worker exit 3 with one SKIFF-LOAD-ERROR line. */
class JavaLoadErrorIT {
    @TempDir
    Path temp;
    private JavaRuntime runtime;

    @BeforeEach
    void runtime() {
        runtime = new JavaRuntime(new RuntimeConfig(temp.resolve("bootstrap"), null, Duration.ofMinutes(1)));
    }

    @Test
    void missingClassIsNamed() throws Exception {
        assertThat(loadError("Nowhere", "Hello.java", "public class Hello implements java.util.function.Function<String, Object> {"
                + " public Object apply(String s) { return s; } }"))
                .isEqualTo("SKIFF-LOAD-ERROR: class Nowhere not found (no Nowhere.class in the function's classes or jars)");
    }

    @Test
    void classOfTheWrongKindIsRefused() throws Exception {
        assertThat(loadError("Hello", "Hello.java", "public class Hello { }"))
                .isEqualTo("SKIFF-LOAD-ERROR: class Hello implements neither dev.skiff.function.SkiffFunction"
                        + " nor java.util.function.Function");
    }

    @Test
    void constructorFailureNamesTheLine() throws Exception {
        assertThat(loadError("Hello", "Hello.java", """
                public class Hello implements java.util.function.Function<String, Object> {
                    public Hello() {
                        throw new IllegalStateException("no config");
                    }
                    public Object apply(String s) { return s; }
                }
                """)).isEqualTo("SKIFF-LOAD-ERROR: IllegalStateException: no config (Hello.java, line 3)");
    }

    @Test
    void missingNoArgumentConstructorIsNamed() throws Exception {
        assertThat(loadError("Hello", "Hello.java", """
                public class Hello implements java.util.function.Function<String, Object> {
                    public Hello(int x) { }
                    public Object apply(String s) { return s; }
                }
                """)).isEqualTo("SKIFF-LOAD-ERROR: class Hello has no constructor without parameters");
    }

    /** Prepares and starts a worker on code that cannot load; returns its last stderr line once it has failed as the contract says. */
    private String loadError(String handler, String file, String content) throws Exception {
        RevisionFiles files = Workers.code(temp, file, content);
        runtime.prepare(files, JavaSources.spec(handler, file, content));
        try (WorkerHarness worker = Workers.start(runtime, files, handler)) {
            return worker.awaitLoadError();
        }
    }
}
