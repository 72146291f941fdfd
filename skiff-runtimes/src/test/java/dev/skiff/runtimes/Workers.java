package dev.skiff.runtimes;

import dev.skiff.testkit.worker.WorkerHarness;
import dev.skiff.testkit.worker.WorkerLaunch;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** This module's runtimes started through the testkit's worker harness, and one-file revisions for them to serve. */
public final class Workers {
    private Workers() {}

    /** The launch of {@code command}'s worker for {@code handler} (null for an HTTP app) on the revision {@code files}. */
    public static WorkerLaunch launch(WorkerCommand command, RevisionFiles files, String handler) {
        return new WorkerLaunch(command.argv(), command.env(), files.codeDir(), files.depsDir(), handler);
    }

    /** The launch of {@code runtime}'s worker for {@code handler} on {@code files}, as the runtime commands it without a spec. */
    public static WorkerLaunch launch(LanguageRuntime runtime, RevisionFiles files, String handler) {
        return launch(runtime.command(files, null), files, handler);
    }

    /** Starts {@code runtime}'s worker for {@code handler} on {@code files}; wait for it with {@link WorkerHarness#awaitReady}. */
    public static WorkerHarness start(LanguageRuntime runtime, RevisionFiles files, String handler) throws IOException {
        return WorkerHarness.start(launch(runtime, files, handler));
    }

    /** Starts {@code runtime}'s worker for {@code handler} on {@code files}, POSTs {@code body} to it and returns the answer, the worker stopped. */
    public static HttpResponse<String> call(LanguageRuntime runtime, RevisionFiles files, String handler, String body)
            throws IOException, InterruptedException {
        try (WorkerHarness worker = start(runtime, files, handler).awaitReady()) {
            return worker.http().post("/", body, null);
        }
    }

    /** Builds run unconfined, as the server's user, but with requirements allowed to name files in {@code packageDir}. */
    public static BuildSandbox packagesIn(Path packageDir) {
        BuildSandbox plain = BuildSandbox.unconfined();
        return new BuildSandbox() {
            @Override
            public Process start(BuildStep step, ProcessBuilder.Redirect output) throws IOException {
                return plain.start(step, output);
            }

            @Override
            public java.util.List<Path> packageDirs() {
                return java.util.List.of(packageDir);
            }
        };
    }

    /** The runtimes' settings for a test: bootstrap scripts under {@code dir}, /usr/bin/python3, a minute to install. */
    public static RuntimeConfig config(Path dir) {
        return new RuntimeConfig(dir.resolve("bootstrap"), "/usr/bin/python3", Duration.ofMinutes(1));
    }

    /** Writes one file of code, {@code file} (a path, e.g. {@code lib/api.js}), into {@code dir/code} and returns the revision's files. */
    public static RevisionFiles code(Path dir, String file, String content) throws IOException {
        Path codeDir = Files.createDirectories(dir.resolve("code"));
        Files.createDirectories(codeDir.resolve(file).getParent());
        Files.writeString(codeDir.resolve(file), content);
        return new RevisionFiles(codeDir, Files.createDirectories(dir.resolve("deps")));
    }
}
