package dev.skiff.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testkit.http.HttpCall;
import dev.skiff.testkit.http.RawHttp;
import dev.skiff.testkit.http.TestHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The contract's HTTP/1.1 for a worker Skiff's bootstrap serves (its own server, not an app's):
 * keep-alive, pipelining, chunked bodies, HEAD, {@code Expect: 100-continue}, {@code Connection: close}
 * and HTTP/1.0, and 400 for what is not a request. Checked byte by byte on the shared worker's port.
 */
public interface SpeaksHttp11 extends WorkerFixture {
    /** Many calls on one connection are answered in turn without closing it, pipelined ones too. */
    @Test
    default void keptAliveConnection_manyCalls_shareIt() throws Exception {
        try (RawHttp connection = new RawHttp(shared().port())) {
            for (int i = 0; i < 100; i++) {
                RawHttp.Response answer = connection.send(echo("call " + i).http11()).read();
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.headers()).doesNotContainEntry("connection", "close");
                assertThat(echoed(answer.body())).isEqualTo("call " + i);
            }
            connection.send(echo("first").http11() + echo("second").http11());
            assertThat(echoed(connection.read().body())).isEqualTo("first");
            assertThat(echoed(connection.read().body())).isEqualTo("second");
        }
    }

    /** A chunked body, with a chunk extension and a trailer, reaches the handler whole, and the connection serves on. */
    @Test
    default void chunkedBody_isDecoded_andTheConnectionServesOn() throws Exception {
        try (RawHttp connection = new RawHttp(shared().port())) {
            assertThat(echoed(connection.send(echo("sent in two chunks").chunked()).read().body())).isEqualTo("sent in two chunks");
            assertThat(echoed(connection.send(echo("after").http11()).read().body())).isEqualTo("after");
        }
    }

    /** HEAD answers the status and Content-Length a GET gets, without the body, and the connection serves on. */
    @Test
    default void head_answersTheHeadOfAGet_withoutTheBody() throws Exception {
        try (RawHttp connection = new RawHttp(shared().port())) {
            RawHttp.Response get = connection.send(HttpCall.get("/text").http11()).read();
            RawHttp.Response head = connection.send(new HttpCall("HEAD", "/text", null, null).http11()).readHead();
            assertThat(head.status()).isEqualTo(get.status());
            assertThat(head.headers().get("content-length")).isNotNull().isEqualTo(get.headers().get("content-length"));
            assertThat(echoed(connection.send(echo("after").http11()).read().body())).isEqualTo("after");
        }
    }

    /** A client that sends {@code Expect: 100-continue} gets {@code 100 Continue} before it sends the body. */
    @Test
    default void expectContinue_isAnsweredBeforeTheBodyIsSent() throws Exception {
        String request = echo("sent after 100").http11("Expect: 100-continue");
        int bodyStart = request.indexOf("\r\n\r\n") + 4;
        try (RawHttp connection = new RawHttp(shared().port())) {
            assertThat(connection.send(request.substring(0, bodyStart)).read().status()).isEqualTo(100);
            assertThat(echoed(connection.send(request.substring(bodyStart)).read().body())).isEqualTo("sent after 100");
        }
    }

    /** {@code Connection: close} and HTTP/1.0 end the connection after the answer; HTTP/1.0 with keep-alive keeps it. */
    @Test
    default void connectionClose_andHttp10_areHonoured() throws Exception {
        try (RawHttp connection = new RawHttp(shared().port())) {
            assertThat(connection.send(echo("closing").http11("Connection: close")).read().headers())
                    .containsEntry("connection", "close");
            assertThat(connection.closedByPeer()).isTrue();
        }
        try (RawHttp connection = new RawHttp(shared().port())) {
            assertThat(echoed(connection.send(echo("once").raw("HTTP/1.0")).read().body())).isEqualTo("once");
            assertThat(connection.closedByPeer()).isTrue();
        }
        try (RawHttp connection = new RawHttp(shared().port())) {
            connection.send(echo("kept").raw("HTTP/1.0", "Connection: keep-alive")).read();
            assertThat(echoed(connection.send(echo("again").raw("HTTP/1.0", "Connection: keep-alive")).read().body()))
                    .isEqualTo("again");
        }
    }

    /** What is not an HTTP/1.x request, even after a good one, answers 400 MalformedRequest and closes; the worker serves on. */
    @Test
    default void malformedRequests_answer400_andClose() throws Exception {
        for (String malformed : new String[] {"nonsense\r\n\r\n", "GET /x HTTP/1.1\r\nno colon here\r\n\r\n",
                "POST /x HTTP/1.1\r\nContent-Length: ten\r\n\r\n"}) {
            try (RawHttp connection = new RawHttp(shared().port())) {
                assertThat(echoed(connection.send(echo("before").http11()).read().body())).isEqualTo("before");
                RawHttp.Response answer = connection.send(malformed).read();
                assertThat(answer.status()).as(malformed).isEqualTo(400);
                assertThat(TestHttpClient.read(answer.body()).get("error").asText()).isEqualTo("MalformedRequest");
                assertThat(connection.closedByPeer()).isTrue();
            }
        }
        assertThat(echoed(shared().http().send(echo("after")).body())).isEqualTo("after");
    }
}
