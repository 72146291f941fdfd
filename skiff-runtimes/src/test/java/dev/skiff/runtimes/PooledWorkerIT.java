package dev.skiff.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.runtimes.node.NodeRuntime;
import dev.skiff.runtimes.python.PythonRuntime;
import dev.skiff.testkit.worker.WorkerHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real Python and Node bootstraps in their pooled mode: generic until handed a function, then a worker like any other. */
class PooledWorkerIT {
    @TempDir
    Path temp;

    private LanguageRuntime runtime(String name) {
        RuntimeConfig config = new RuntimeConfig(temp.resolve("bootstrap"), "/usr/bin/python3", Duration.ofMinutes(1));
        return name.equals(PythonRuntime.NAME) ? new PythonRuntime(config) : new NodeRuntime(config);
    }

    /** The code directory of a function answering {@code hello <GREETING>} from {@code hello.py} or {@code hello.js}. */
    private RevisionFiles hello(String runtime, String source) throws IOException {
        RevisionFiles files = new RevisionFiles(Files.createDirectories(temp.resolve("code")), Files.createDirectories(temp.resolve("deps")));
        String file = runtime.equals(PythonRuntime.NAME) ? "hello.py" : "hello.js";
        Files.writeString(files.codeDir().resolve(file), source);
        return files;
    }

    private static String greeter(String runtime) {
        return runtime.equals(PythonRuntime.NAME)
                ? "import os\ndef handle(req):\n    return 'hello ' + os.environ['GREETING']\n"
                : "exports.handle = () => 'hello ' + process.env.GREETING;\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3", "nodejs"})
    void genericWorker_handedAFunction_servesIt(String name) throws Exception {
        LanguageRuntime runtime = runtime(name);
        RevisionFiles files = hello(name, greeter(name));
        try (WorkerHarness worker = startGeneric(runtime)) {
            worker.handOver(Workers.launch(runtime, files, "hello.handle").withEnv(Map.of("GREETING", "from the pool")))
                    .awaitReady();

            assertThat(worker.http().get("/").body()).isEqualTo("hello from the pool");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3", "nodejs"})
    void genericWorker_stdinEndsBeforeAFunction_exitsZero(String name) throws Exception {
        try (WorkerHarness worker = startGeneric(runtime(name))) {
            worker.closeStdin();

            assertThat(worker.awaitExit()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3", "nodejs"})
    void genericWorker_lineWithoutAnEnvironment_isALoadError(String name) throws Exception {
        try (WorkerHarness worker = startGeneric(runtime(name))) {
            worker.sendLine("{\"env\": 42}");

            assertThat(worker.awaitExit()).isEqualTo(3);
            assertThat(worker.stderr()).anyMatch(line -> line.startsWith("SKIFF-LOAD-ERROR: the pooled worker got no usable environment"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3", "nodejs"})
    void genericWorker_brokenCode_givesTheSameLoadErrorAsAFreshStart(String name) throws Exception {
        LanguageRuntime runtime = runtime(name);
        RevisionFiles files = hello(name, name.equals(PythonRuntime.NAME) ? "def handle(req)\n    return 1\n" : "exports.handle = () => {\n");
        try (WorkerHarness fresh = Workers.start(runtime, files, "hello.handle"); WorkerHarness pooled = startGeneric(runtime)) {
            pooled.handOver(Workers.launch(runtime, files, "hello.handle"));

            assertThat(pooled.awaitExit()).isEqualTo(fresh.awaitExit()).isEqualTo(3);
            assertThat(loadError(pooled)).isEqualTo(loadError(fresh)).contains("hello.");
        }
    }

    /** Starts a generic worker of {@code runtime}'s pool and waits until it says it waits for a function. */
    private static WorkerHarness startGeneric(LanguageRuntime runtime) throws IOException {
        WorkerCommand generic = runtime.generic().orElseThrow();
        WorkerHarness worker = WorkerHarness.startGeneric(generic.argv(), generic.env());
        try {
            worker.awaitStdout("SKIFF-POOLED"::equals);
            return worker;
        } catch (RuntimeException | Error e) {
            worker.close();
            throw e;
        }
    }

    private static String loadError(WorkerHarness worker) {
        return worker.stderr().stream().filter(line -> line.startsWith("SKIFF-LOAD-ERROR")).findFirst().orElseThrow();
    }
}
