package dev.skiff.testkit.worker;

import dev.skiff.testkit.http.HttpCall;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the worker contract suite needs from one runtime: a way to start a worker of a small fixture
 * function written for it, and the calls that fixture answers. The defaults fit a fixture that routes
 * by path: {@code POST /echo} answers its body unchanged, and {@code POST /slow} reads the named pipe
 * whose path is its body to the end and answers what it read. A runtime whose function cannot route
 * (the command runtime runs jobs) overrides {@link #echo}, {@link #slow} and {@link #echoed}.
 */
public interface WorkerFixture {
    /** Starts a worker of the fixture function with {@code env} over the contract's variables, and returns it once it serves. */
    WorkerHarness start(Map<String, String> env) throws Exception;

    /** The worker that cases which leave it serving share, started once per test class. */
    WorkerHarness shared();

    /** A call the fixture answers with {@code message}, read back from the answer's body by {@link #echoed}. */
    default HttpCall echo(String message) {
        return HttpCall.post("/echo", "text/plain; charset=utf-8", message);
    }

    /** A call the fixture answers only once it has read the named pipe at {@code pipe} to its end, with what it read. */
    default HttpCall slow(Path pipe) {
        return HttpCall.post("/slow", "text/plain; charset=utf-8", pipe.toString());
    }

    /** The message in the body of an answer to {@link #echo} or {@link #slow}. */
    default String echoed(String body) {
        return body;
    }
}
