package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {
    private static final String SERVER = "http://127.0.0.1:8080";

    @Test
    void message_connectionRefused_saysServerCannotBeReachedAndHowToFixIt() {
        assertThat(ErrorReporter.message(new ConnectException(), SERVER)).isEqualTo("cannot reach the Skiff server at "
                + "http://127.0.0.1:8080 (is 'skiff server' running? set --server or SKIFF_URL)");
    }

    @Test
    void message_connectTimeoutOrWrappedRefusal_isAlsoUnreachable() {
        assertThat(ErrorReporter.message(new HttpConnectTimeoutException("timed out"), SERVER))
                .startsWith("cannot reach the Skiff server at");
        assertThat(ErrorReporter.message(new IOException("wrapped", new ConnectException("refused")), SERVER))
                .startsWith("cannot reach the Skiff server at");
    }

    @Test
    void message_serverError_isTheServersMessage() {
        ApiException error = SkiffClient.error(404, "{\"error\":\"NotFound\",\"message\":\"function 'x' not found\"}");

        assertThat(ErrorReporter.message(error, SERVER)).isEqualTo("function 'x' not found");
        assertThat(error.code()).isEqualTo("NotFound");
        assertThat(error.status()).isEqualTo(404);
    }

    @Test
    void message_otherIoFailure_namesTheServer() {
        assertThat(ErrorReporter.message(new IOException("connection reset"), SERVER))
                .isEqualTo("talking to the Skiff server at http://127.0.0.1:8080 failed: connection reset");
    }

    @Test
    void message_unexpectedException_pointsToVerbose() {
        assertThat(ErrorReporter.message(new IllegalStateException(), SERVER))
                .isEqualTo("IllegalStateException (run with --verbose for details)");
    }

    @Test
    void error_bodyNotSkiffJson_usesStatusAndFirstLine() {
        assertThat(SkiffClient.error(502, "<html>Bad Gateway</html>\n<body/>").getMessage())
                .isEqualTo("HTTP 502: <html>Bad Gateway</html>");
        assertThat(SkiffClient.error(500, "").getMessage()).isEqualTo("HTTP 500");
        assertThat(SkiffClient.error(400, "{\"other\": 1}").code()).isNull();
    }

    @Test
    void error_409_isAlreadyExists() {
        assertThat(SkiffClient.error(409, "{\"error\":\"AlreadyExists\",\"message\":\"exists\"}").isAlreadyExists())
                .isTrue();
        assertThat(SkiffClient.error(404, "{}").isAlreadyExists()).isFalse();
    }
}
