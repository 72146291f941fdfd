package dev.skiff.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

    @Test
    void read_contentLength_returnsStatusAndSkipsBody() throws IOException {
        ResponseReader reader = reader(OK);

        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.bodyLength()).isEqualTo(2);
        assertThat(reader.keepAlive()).isTrue();
    }

    @Test
    void read_pipelinedResponses_readsEachInTurn() throws IOException {
        ResponseReader reader = reader(OK + "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 5\r\n\r\nbusy!" + OK);

        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.read()).isEqualTo(503);
        assertThat(reader.bodyLength()).isEqualTo(5);
        assertThat(reader.read()).isEqualTo(200);
    }

    @Test
    void read_chunkedBody_countsDechunkedBytes() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nA;ext=1\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n" + OK);

        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.bodyLength()).isEqualTo(15);
        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.bodyLength()).isEqualTo(2);
    }

    @Test
    void read_oneByteAtATime_sameAsAllAtOnce() throws IOException {
        String chunked = "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        ResponseReader reader = new ResponseReader(oneByteAtATime(chunked + OK));

        assertThat(reader.read()).isEqualTo(201);
        assertThat(reader.bodyLength()).isEqualTo(3);
        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.bodyLength()).isEqualTo(2);
    }

    @Test
    void read_bodyLargerThanBuffer_skipsAllOfIt() throws IOException {
        String body = "x".repeat(100_000);
        ResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + body + OK);

        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.bodyLength()).isEqualTo(100_000);
        assertThat(reader.read()).isEqualTo(200);
    }

    @Test
    void read_interimContinue_skipsToFinalResponse() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 100 Continue\r\n\r\n" + OK);

        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.bodyLength()).isEqualTo(2);
    }

    @Test
    void read_noContent_hasNoBody() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 204 No Content\r\n\r\n" + OK);

        assertThat(reader.read()).isEqualTo(204);
        assertThat(reader.bodyLength()).isZero();
        assertThat(reader.read()).isEqualTo(200);
    }

    @Test
    void read_connectionClose_isNotKeepAlive() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 200 OK\r\nCONNECTION: Close\r\nContent-Length: 0\r\n\r\n");

        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.keepAlive()).isFalse();
    }

    @Test
    void read_http10_keepsAliveOnlyWhenAsked() throws IOException {
        ResponseReader plain = reader("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
        ResponseReader asked = reader("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n");

        plain.read();
        asked.read();

        assertThat(plain.keepAlive()).isFalse();
        assertThat(asked.keepAlive()).isTrue();
    }

    @Test
    void read_noLengthNorChunked_readsToEndAndCloses() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 200 OK\r\n\r\nuntil the end");

        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.bodyLength()).isEqualTo(13);
        assertThat(reader.keepAlive()).isFalse();
    }

    @Test
    void read_bareLineFeeds_accepted() throws IOException {
        assertThat(reader("HTTP/1.1 404 Not Found\nContent-Length: 1\n\nx").read()).isEqualTo(404);
    }

    @Test
    void read_bodyCutShort_throwsEof() {
        ResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");

        assertThatThrownBy(reader::read).isInstanceOf(EOFException.class);
    }

    @Test
    void read_closedBeforeAnyByte_throwsEof() {
        assertThatThrownBy(reader("")::read).isInstanceOf(EOFException.class).hasMessageContaining("closed");
    }

    @Test
    void read_notHttp_throws() {
        assertThatThrownBy(reader("SSH-2.0-OpenSSH\r\n\r\n")::read).isInstanceOf(IOException.class)
                .hasMessageContaining("status line");
    }

    @Test
    void read_statusLineCutShort_throws() {
        assertThatThrownBy(reader("HTTP/1.1 20\r\n\r\n")::read).isInstanceOf(IOException.class)
                .hasMessageContaining("status line");
    }

    @Test
    void read_malformedContentLength_throws() {
        assertThatThrownBy(reader("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n")::read)
                .isInstanceOf(IOException.class).hasMessageContaining("Content-Length");
    }

    @Test
    void read_malformedChunkSize_throws() {
        assertThatThrownBy(reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")::read)
                .isInstanceOf(IOException.class).hasMessageContaining("chunk size");
    }

    private static ResponseReader reader(String bytes) {
        return new ResponseReader(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static InputStream oneByteAtATime(String bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1))) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };
    }
}
