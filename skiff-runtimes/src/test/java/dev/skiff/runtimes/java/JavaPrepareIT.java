package dev.skiff.runtimes.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Workers;
import dev.skiff.testkit.worker.WorkerHarness;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare() compiles with the JDK's javac and makes the start-up cache with a real training run. */
class JavaPrepareIT {
    private static final String HELLO = """
            import java.util.function.Function;

            public class Hello implements Function<String, Object> {
                public Object apply(String body) {
                    return "hello " + body;
                }
            }
            """;

    @TempDir
    Path temp;
    private JavaRuntime runtime;

    @BeforeEach
    void runtime() {
        runtime = new JavaRuntime(new RuntimeConfig(temp.resolve("bootstrap"), null, Duration.ofMinutes(1)));
    }

    @Test
    void compiledSourceGetsAJarAndAContentKeyedCacheThatWorkersUse() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("one"), "Hello.java", HELLO);
        runtime.prepare(files, JavaSources.spec("Hello", "Hello.java", HELLO));

        assertThat(files.depsDir().resolve(JavaFiles.COMPILED_JAR)).isRegularFile();
        Path cache = onlyCache(files);
        assertThat(cache.getFileName().toString()).endsWith(Runtime.version().feature() >= 25 ? ".aot" : ".jsa");
        List<String> argv = runtime.command(files, null).argv();
        assertThat(argv).contains((Runtime.version().feature() >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache);
        assertThat(greet(files, "Hello")).isEqualTo("hello cached");
    }

    @Test
    void trainingRunNeverCallsTheFunction() throws Exception {
        String marker = temp.resolve("called").toString().replace("\\", "/");
        String counting = """
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.function.Function;

                public class Counting implements Function<String, Object> {
                    public Object apply(String body) {
                        try {
                            Files.writeString(Path.of("%s"), "called");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return "ok";
                    }
                }
                """.formatted(marker);
        RevisionFiles files = Workers.code(temp.resolve("counting"), "Counting.java", counting);

        runtime.prepare(files, JavaSources.spec("Counting", "Counting.java", counting));

        assertThat(onlyCache(files)).isRegularFile();
        assertThat(Path.of(marker)).doesNotExist();
    }

    @Test
    void sameContentSameCacheNameAndChangedContentANewOne() throws Exception {
        RevisionFiles first = Workers.code(temp.resolve("first"), "Hello.java", HELLO);
        runtime.prepare(first, JavaSources.spec("Hello", "Hello.java", HELLO));
        RevisionFiles same = Workers.code(temp.resolve("same"), "Hello.java", HELLO);
        runtime.prepare(same, JavaSources.spec("Hello", "Hello.java", HELLO));
        String changed = HELLO.replace("\"hello \"", "\"bonjour \"");
        RevisionFiles other = Workers.code(temp.resolve("other"), "Hello.java", changed);
        runtime.prepare(other, JavaSources.spec("Hello", "Hello.java", changed));

        assertThat(onlyCache(same).getFileName()).isEqualTo(onlyCache(first).getFileName());
        assertThat(onlyCache(other).getFileName()).isNotEqualTo(onlyCache(first).getFileName());
        assertThat(greet(other, "Hello")).isEqualTo("bonjour cached");
    }

    @Test
    void aChangedJarIsNeverStartedWithTheOldCache() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("one"), "Hello.java", HELLO);
        runtime.prepare(files, JavaSources.spec("Hello", "Hello.java", HELLO));
        RevisionFiles changed = Workers.code(temp.resolve("two"), "Hello.java", HELLO.replace("hello ", "hi "));
        runtime.prepare(changed, JavaSources.spec("Hello", "Hello.java", HELLO));
        Files.copy(changed.depsDir().resolve(JavaFiles.COMPILED_JAR), files.depsDir().resolve(JavaFiles.COMPILED_JAR),
                StandardCopyOption.REPLACE_EXISTING);

        assertThat(runtime.command(files, null).argv()).noneMatch(arg -> arg.startsWith("-XX:AOTCache=")
                || arg.startsWith("-XX:SharedArchiveFile="));
        assertThat(greet(files, "Hello")).isEqualTo("hi cached");
    }

    @Test
    void aJarIsRunAsIs() throws Exception {
        RevisionFiles built = Workers.code(temp.resolve("built"), "Hello.java", HELLO);
        runtime.prepare(built, JavaSources.spec("Hello", "Hello.java", HELLO));
        Path codeDir = Files.createDirectories(temp.resolve("jar/code"));
        Files.copy(built.depsDir().resolve(JavaFiles.COMPILED_JAR), codeDir.resolve("app.jar"));
        RevisionFiles files = new RevisionFiles(codeDir, Files.createDirectories(temp.resolve("jar/deps")));

        runtime.prepare(files, JavaSources.spec("Hello", "app.jar", "unused"));

        assertThat(files.depsDir().resolve(JavaFiles.COMPILED_JAR)).doesNotExist();
        onlyCache(files);
        assertThat(greet(files, "Hello")).isEqualTo("hello cached");
    }

    @Test
    void compileErrorCarriesFileLineAndMessage() throws Exception {
        String broken = "public class Hello {\n    int x = 1\n}\n";
        RevisionFiles files = Workers.code(temp.resolve("broken"), "Hello.java", broken);
        assertThatThrownBy(() -> runtime.prepare(files, JavaSources.spec("Hello", "Hello.java", broken)))
                .isInstanceOf(PrepareException.class)
                .hasMessage("Hello.java:2: error: ';' expected");
    }

    @Test
    void unknownSymbolNamesTheNestedFile() throws Exception {
        String broken = "package a.b;\n\npublic class Hello {\n    Missing field;\n}\n";
        RevisionFiles files = Workers.code(temp.resolve("nested"), "a/b/Hello.java", broken);
        assertThatThrownBy(() -> runtime.prepare(files, JavaSources.spec("a.b.Hello", "a/b/Hello.java", broken)))
                .isInstanceOf(PrepareException.class)
                .hasMessageStartingWith("a/b/Hello.java:4: error: cannot find symbol");
    }

    @Test
    void nothingToRunIsRefused() throws Exception {
        RevisionFiles files = Workers.code(temp.resolve("empty"), "README.txt", "no code");
        assertThatThrownBy(() -> runtime.prepare(files, JavaSources.spec("Hello", "README.txt", "no code")))
                .isInstanceOf(PrepareException.class).hasMessageContaining("no .java file and no .jar");
    }

    private static Path onlyCache(RevisionFiles files) throws Exception {
        try (Stream<Path> list = Files.list(files.depsDir())) {
            List<Path> caches = list.filter(file -> file.getFileName().toString().startsWith("skiff-")).toList();
            assertThat(caches).hasSize(1);
            return caches.getFirst();
        }
    }

    private String greet(RevisionFiles files, String handler) throws Exception {
        try (WorkerHarness worker = Workers.start(runtime, files, handler).awaitReady()) {
            HttpResponse<String> response = worker.http().post("/", "cached", null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(worker.stderr()).noneMatch(line -> line.contains("AOT") || line.contains("CDS"));
            return response.body();
        }
    }
}
