package dev.skiff.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker contract (docs/worker-contract.md) as one suite every runtime runs. This class holds what
 * binds every worker, an HTTP app's included: it serves on {@code $PORT} and stops on SIGTERM. The
 * rest comes by concern in interfaces a runtime's subclass implements for what it supports, so a case
 * that does not apply to a runtime is never run for it (rather than skipped): {@link SpeaksHttp11},
 * {@link FollowsStopRules}, {@link ServesUnixSocket} and {@link RunsHandlers}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WorkerContract implements WorkerFixture {
    private WorkerHarness shared;

    /** Writes (and prepares) the runtime's fixture function under {@code dir}, once per class, before any worker starts. */
    protected abstract void writeFixture(Path dir) throws Exception;

    /** The status an idle worker exits with on SIGTERM: 0 for Skiff's bootstraps, which follow the stop rules. */
    protected int idleSigtermStatus() {
        return 0;
    }

    @BeforeAll
    void startSharedWorker(@TempDir Path dir) throws Exception {
        writeFixture(dir);
        shared = start(Map.of());
    }

    @AfterAll
    void stopSharedWorker() {
        if (shared != null) {
            shared.close();
        }
    }

    /** The worker started for the class. */
    @Override
    public final WorkerHarness shared() {
        return shared;
    }

    /** A call on the port is answered. */
    @Test
    void port_call_isAnswered() throws Exception {
        HttpResponse<String> answer = shared().http().send(echo("héllo over the port"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(echoed(answer.body())).isEqualTo("héllo over the port");
    }

    /** SIGTERM stops an idle worker. */
    @Test
    void sigterm_whenIdle_stopsTheWorker() throws Exception {
        try (WorkerHarness worker = start(Map.of())) {
            worker.terminate();
            assertThat(worker.awaitExit()).as("exit status; stderr: %s", worker.stderr()).isEqualTo(idleSigtermStatus());
        }
    }
}
