package dev.skiff.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Documents;
import dev.skiff.testkit.http.TestHttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The contract for a runtime whose worker calls the function's own handler: what the handler prints is
 * the function's log, an exception answers 500 {@code FunctionError}, and the return values the
 * languages share map to the same answers. Its fixture routes by path: {@code /print} prints
 * {@code printed by the handler} and answers {@code ok}; {@code /throw} raises {@link #thrownMessage};
 * {@code /json} answers {@code {"a": [1, 2.5, true, null]}}, {@code /number} 42, {@code /text}
 * {@code héllo}, {@code /bytes} the bytes 0, 1, 255, {@code /none} nothing; {@code /made} sets status
 * 201 and the header {@code X-Made: yes} and answers {@code made}; {@code /html} sets the content
 * type {@code text/html} and answers {@code <p>hi</p>}.
 */
public interface RunsHandlers extends WorkerFixture {
    /** The message of the error {@code /throw} raises, as the 500 answer gives it ({@code Type: text}). */
    String thrownMessage();

    /** Text in a line of the stack {@code /throw} logs that points at the fixture's own code. */
    String stackFrame();

    /** What the handler prints reaches the worker's standard output. */
    @Test
    default void handlerOutput_reachesStandardOutput() throws Exception {
        assertThat(shared().http().get("/print").body()).isEqualTo("ok");
        shared().awaitStdout("printed by the handler"::equals);
    }

    /** An exception answers 500 with a FunctionError naming it, logs its stack on standard error, and the worker serves on. */
    @Test
    default void handlerException_answers500FunctionError_andLogsTheStack() throws Exception {
        HttpResponse<String> answer = shared().http().get("/throw");
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(TestHttpClient.json(answer)).isEqualTo(
                Documents.json().createObjectNode().put("error", "FunctionError").put("message", thrownMessage()));
        shared().awaitStderr(line -> line.endsWith(thrownMessage()));
        shared().awaitStderr(line -> line.contains(stackFrame()));
        assertThat(shared().http().get("/number").body()).isEqualTo("42");
    }

    /** JSON values, numbers, text, bytes and nothing map to the same answers in every language, as do a set status and headers. */
    @Test
    default void returnValues_mapToAnswers() throws Exception {
        HttpResponse<String> json = assertAnswer("/json", 200, "application/json");
        assertThat(TestHttpClient.json(json)).isEqualTo(TestHttpClient.read("{\"a\": [1, 2.5, true, null]}"));
        assertThat(assertAnswer("/number", 200, "application/json").body()).isEqualTo("42");
        assertThat(assertAnswer("/text", 200, "text/plain; charset=utf-8").body()).isEqualTo("héllo");
        HttpResponse<String> made = assertAnswer("/made", 201, "text/plain; charset=utf-8");
        assertThat(made.body()).isEqualTo("made");
        assertThat(made.headers().firstValue("X-Made")).contains("yes");
        assertThat(assertAnswer("/html", 200, "text/html").body()).isEqualTo("<p>hi</p>");
        HttpResponse<byte[]> bytes = shared().http().sendForBytes(shared().http().request("/bytes").build());
        assertThat(bytes.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(bytes.body()).containsExactly(0, 1, 0xff);
        HttpResponse<String> none = shared().http().get("/none");
        assertThat(none.statusCode()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
    }

    /** GETs {@code path} from the shared worker and checks the answer's status and content type. */
    private HttpResponse<String> assertAnswer(String path, int status, String contentType) throws Exception {
        HttpResponse<String> answer = shared().http().get(path);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).as(path).contains(contentType);
        return answer;
    }
}
