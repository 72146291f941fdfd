package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A volume's file API under bad input (clear 4xx answers) and under large files (streamed, not held in memory). */
class VolumeFileErrorsIT {
    private static final long MB = 1 << 20;

    @RegisterExtension
    static final TestServer server = new TestServer();
    private static Path volume;

    @BeforeAll
    static void createVolume() {
        HttpResponse<String> created = server.send("POST", "/api/v1/volumes", "{\"name\": \"files\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        volume = Path.of(TestServer.read(created.body()).get("path").asText());
    }

    private static JsonNode error(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = TestServer.read(response.body());
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).doesNotContain("Exception").doesNotContain(server.dataDir().toString());
        return body;
    }

    @Test
    void binaryUploadWithCurlsDefaultFormType_is415NamingOctetStream() {
        JsonNode body = error(server.send("PUT", "/api/v1/volumes/files/files/data.bin", "\u0000\u0001binary",
                "application/x-www-form-urlencoded"), 415, "UnsupportedMediaType");

        assertThat(body.get("message").asText()).contains("application/octet-stream");
        assertThat(volume.resolve("data.bin")).doesNotExist();
    }

    @Test
    void fileNameLongerThanAFileSystemTakes_is400() {
        String name = "n".repeat(300);

        JsonNode body = error(server.send("PUT", "/api/v1/volumes/files/files/" + name, "x", "application/octet-stream"),
                400, "ValidationFailed");

        assertThat(body.get("message").asText()).contains("255 bytes").hasSizeLessThan(300);
    }

    @Test
    void fileUnderAPathThatIsAFile_is409() {
        assertThat(server.send("PUT", "/api/v1/volumes/files/files/plain", "x", "application/octet-stream").statusCode())
                .isEqualTo(201);

        JsonNode body = error(server.send("PUT", "/api/v1/volumes/files/files/plain/inner.txt", "y", "application/octet-stream"),
                409, "Conflict");

        assertThat(body.get("message").asText()).contains("inner.txt");
        assertThat(volume.resolve("plain")).isRegularFile().hasContent("x");
    }

    @Test
    @Timeout(300)
    void largeFile_isStreamedToDiskAndBack_withoutTheServerHoldingIt() throws Exception {
        long size = 400 * MB;
        long before = RequestBodiesIT.residentBytes();
        long heapBefore = heapAfterGc();

        HttpRequest upload = server.request("/api/v1/volumes/files/files/big/zeros.bin")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(size)), size))
                .build();
        HttpResponse<String> stored = server.send(upload);
        long afterUpload = RequestBodiesIT.residentBytes();

        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        assertThat(Files.size(volume.resolve("big/zeros.bin"))).isEqualTo(size);
        assertThat(volume.resolve("big")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".skiff-upload"));
        // Resident memory takes in the young generation's growth under 400 MB of short-lived chunks; what is
        // held once they are collected shows whether anything kept the file.
        assertThat(afterUpload - before).as("grew by %d MB on the upload", (afterUpload - before) / MB).isLessThan(size);
        assertThat(heapAfterGc() - heapBefore).as("heap held after the upload").isLessThan(32 * MB);

        HttpResponse<InputStream> download = server.http().sendAsInputStream(server.request("/api/v1/volumes/files/files/big/zeros.bin").build());
        long read;
        try (InputStream in = download.body()) {
            read = in.transferTo(OutputStream.nullOutputStream());
        }
        long afterDownload = RequestBodiesIT.residentBytes();
        assertThat(read).isEqualTo(size);
        assertThat(afterDownload - before).as("grew by %d MB with the download", (afterDownload - before) / MB)
                .isLessThan(size);
        assertThat(heapAfterGc() - heapBefore).as("heap held after the download").isLessThan(32 * MB);
    }

    /** The heap this JVM (the server's, in the test's process) holds once garbage is collected. */
    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code size} zero bytes, produced as they are read. */
    private static InputStream zeros(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    @Test
    void uploadsOverwrite_andLeaveNoTemporaryFile() throws IOException {
        server.send("PUT", "/api/v1/volumes/files/files/again.txt", "first", "application/octet-stream");
        server.send("PUT", "/api/v1/volumes/files/files/again.txt", "second", null);

        assertThat(volume.resolve("again.txt")).hasContent("second");
        try (var entries = Files.list(volume)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".skiff-upload"));
        }
    }
}
