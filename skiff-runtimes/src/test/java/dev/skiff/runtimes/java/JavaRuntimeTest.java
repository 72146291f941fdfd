package dev.skiff.runtimes.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.RuntimeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimeTest {
    @TempDir
    Path temp;
    private JavaRuntime runtime;

    @BeforeEach
    void runtime() {
        runtime = new JavaRuntime(new RuntimeConfig(temp, null, Duration.ofMinutes(1)));
    }

    @Test
    void workerJarHoldsTheBootstrapAndTheFunctionInterface() throws Exception {
        assertThat(runtime.workerJar()).isEqualTo(temp.resolve("java/skiff-java-worker.jar"));
        try (JarFile jar = new JarFile(runtime.workerJar().toFile())) {
            assertThat(jar.getEntry("dev/skiff/worker/JavaWorker.class")).isNotNull();
            assertThat(jar.getEntry("dev/skiff/function/SkiffFunction.class")).isNotNull();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.skiff.worker.JavaWorker");
        }
        long modified = runtime.workerJar().toFile().lastModified();
        new JavaRuntime(new RuntimeConfig(temp, null, Duration.ofMinutes(1)));
        assertThat(runtime.workerJar().toFile().lastModified()).isEqualTo(modified);
    }

    @Test
    void defaultsNameTheSourceAfterTheClass() {
        assertThat(runtime.defaults(spec("com.example.Hello", new Source(null, "x", "text"))).source().filename())
                .isEqualTo("Hello.java");
        assertThat(runtime.defaults(spec("Hello", new Source("", "eA==", "base64"))).source().filename())
                .isEqualTo("function.jar");
        assertThat(runtime.defaults(spec("Hello", new Source("Other.java", "x", "text"))).source().filename())
                .isEqualTo("Other.java");
    }

    @Test
    void handlerMustBeAClassName() {
        assertThat(runtime.validate(spec("hello.handle()", Source.text("Hello.java", "class Hello {}"))))
                .extracting(FieldError::field).containsExactly("spec.handler");
        assertThat(runtime.validate(spec("a.Outer$Inner", null))).isEmpty();
        assertThat(runtime.validate(spec(null, null))).isEmpty();
    }

    @Test
    void singleSourceMustDeclareTheHandlersClassAndPackage() {
        String source = "// package wrong;\npackage com.example;\npublic class Hello {}";
        assertThat(runtime.validate(spec("com.example.Hello", Source.text("Hello.java", source)))).isEmpty();
        List<FieldError> fileMismatch = runtime.validate(spec("com.example.Hello", Source.text("Greeter.java", source)));
        assertThat(fileMismatch).singleElement().extracting(FieldError::message)
                .isEqualTo("class com.example.Hello is declared in Hello.java, but the source file is Greeter.java");
        List<FieldError> packageMismatch = runtime.validate(spec("Hello", Source.text("Hello.java", source)));
        assertThat(packageMismatch).singleElement().extracting(FieldError::message)
                .isEqualTo("class Hello is in package '', but Hello.java declares package 'com.example'");
        assertThat(runtime.validate(spec("Hello", Source.text("hello.py", "x")))).singleElement()
                .extracting(FieldError::field).isEqualTo("spec.source.filename");
    }

    private static FunctionSpec spec(String handler, Source source) {
        return FunctionSpec.builder()
                .runtime("java")
                .handler(handler)
                .source(source)
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .build();
    }

    @Test
    void workersAreToldTheirMemoryLimit_theirOwnElseTheServersDefault() {
        JavaRuntime limited = new JavaRuntime(new RuntimeConfig(temp, null, Duration.ofMinutes(1), 512L << 20));
        dev.skiff.api.FunctionSpec own = dev.skiff.api.FunctionSpec.builder()
                .resources(new dev.skiff.api.ResourceRequirements(null, java.util.Map.of("memory", "256Mi"))).build();
        dev.skiff.api.FunctionSpec none = dev.skiff.api.FunctionSpec.builder().build();

        assertThat(limited.flags(own)).containsExactly("-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:MaxRAM=268435456");
        assertThat(limited.flags(none)).containsExactly("-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:MaxRAM=536870912");
        assertThat(runtime.flags(none)).as("no limit known").containsExactly("-XX:+UseSerialGC", "-XX:-UsePerfData");
    }
}
