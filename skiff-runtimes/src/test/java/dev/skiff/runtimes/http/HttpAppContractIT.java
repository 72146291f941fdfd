package dev.skiff.runtimes.http;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.Workers;
import dev.skiff.testkit.worker.WorkerContract;
import dev.skiff.testkit.worker.WorkerHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The worker contract for an {@code http} app, started as the runtime commands it and ready when it
 * answers a probe: only what binds an app (docs/worker-contract.md) applies, that it serves on
 * {@code $PORT} and stops on SIGTERM. It knows nothing of Skiff's HTTP server, stop rules, socket or
 * handlers, so this class implements none of the suite's other interfaces. The app is a few lines of
 * Python's http.server that echo a POST's body.
 */
class HttpAppContractIT extends WorkerContract {
    private static final String APP = """
            import os
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

            class Echo(BaseHTTPRequestHandler):
                def do_GET(self):
                    self.answer(b'up')

                def do_POST(self):
                    self.answer(self.rfile.read(int(self.headers['Content-Length'])))

                def answer(self, body):
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), Echo).serve_forever()
            """;

    private HttpRuntime runtime;
    private RevisionFiles files;

    @Override
    protected void writeFixture(Path dir) throws Exception {
        runtime = new HttpRuntime(Workers.config(dir));
        files = Workers.code(dir, "app.py", APP);
    }

    @Override
    public WorkerHarness start(Map<String, String> env) throws Exception {
        FunctionSpec spec = FunctionSpec.builder().runtime(HttpRuntime.NAME).source(Source.text("app.py", APP))
                .command(List.of("python3", "app.py")).build();
        return WorkerHarness.start(Workers.launch(runtime.command(files, spec), files, null).withEnv(env)).awaitAnswering();
    }

    /** The app leaves SIGTERM to its default action: it dies of it (128 + 15). */
    @Override
    protected int idleSigtermStatus() {
        return 143;
    }
}
