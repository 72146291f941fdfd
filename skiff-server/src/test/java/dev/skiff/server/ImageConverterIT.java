package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Source;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed-001 demo through the real server: examples/image-converter's revision 1 (black and white)
 * and revision 2 (sepia plus a zip of both) with Pillow, traffic split 70/30.
 */
class ImageConverterIT {
    private static final int REQUESTS = 5000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static Function converter(String dir) throws IOException {
        String code = Files.readString(TestServer.repoFile("examples/image-converter/" + dir + "/converter.py"));
        return Function.of("converter", FunctionSpec.builder()
                .runtime("python3")
                .handler("converter.handler")
                .source(Source.text("converter.py", code))
                .build());
    }

    private static HttpResponse<byte[]> convert(byte[] image) {
        HttpRequest request = server.request("/function/converter").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isGrey(BufferedImage image) {
        for (int x = 0; x < image.getWidth(); x += 7) {
            for (int y = 0; y < image.getHeight(); y += 7) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) != (rgb & 0xff) || ((rgb >> 8) & 0xff) != (rgb & 0xff)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void twoRevisionsSplit70to30_eachConvertsAndTheShareHoldsWithin3Percent() throws Exception {
        byte[] sample = Files.readAllBytes(TestServer.repoFile("examples/image-converter/sample.png"));
        server.deploy(converter("v1-bw"));
        HttpResponse<String> second = server.send("PUT", "/api/v1/functions/converter", TestServer.json(converter("v2-sepia")));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        HttpResponse<String> split = server.send("PUT", "/api/v1/functions/converter/traffic",
                "{\"traffic\": [{\"revisionName\": \"converter-00001\", \"percent\": 70},"
                        + " {\"revisionName\": \"converter-00002\", \"percent\": 30}]}");
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);

        Map<String, AtomicInteger> byRevision = new ConcurrentHashMap<>();
        Map<String, byte[]> oneAnswer = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            work.add(clients.submit(() -> {
                for (int i = 0; i < REQUESTS / 8; i++) {
                    HttpResponse<byte[]> answer = convert(sample);
                    if (answer.statusCode() != 200) {
                        failed.incrementAndGet();
                        continue;
                    }
                    String revision = answer.headers().firstValue("X-Skiff-Revision").orElse("none");
                    byRevision.computeIfAbsent(revision, r -> new AtomicInteger()).incrementAndGet();
                    oneAnswer.putIfAbsent(revision + " " + answer.headers().firstValue("Content-Type").orElse(""), answer.body());
                }
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        clients.shutdown();

        assertThat(failed.get()).isZero();
        assertThat(byRevision.keySet()).containsExactlyInAnyOrder("converter-00001", "converter-00002");
        assertThat(byRevision.get("converter-00001").get()).isBetween(REQUESTS * 67 / 100, REQUESTS * 73 / 100);
        assertThat(byRevision.get("converter-00002").get()).isBetween(REQUESTS * 27 / 100, REQUESTS * 33 / 100);
        assertThat(oneAnswer.keySet()).containsExactlyInAnyOrder("converter-00001 image/png", "converter-00002 application/zip");

        BufferedImage bw = ImageIO.read(new ByteArrayInputStream(oneAnswer.get("converter-00001 image/png")));
        assertThat(bw.getWidth()).isEqualTo(96);
        assertThat(isGrey(bw)).isTrue();
        Map<String, byte[]> zip = unzip(oneAnswer.get("converter-00002 application/zip"));
        assertThat(zip).containsOnlyKeys("bw.png", "sepia.png");
        assertThat(isGrey(ImageIO.read(new ByteArrayInputStream(zip.get("bw.png"))))).isTrue();
        int middle = ImageIO.read(new ByteArrayInputStream(zip.get("sepia.png"))).getRGB(48, 32);
        assertThat((middle >> 16) & 0xff).isGreaterThan((middle >> 8) & 0xff);
        assertThat((middle >> 8) & 0xff).isGreaterThan(middle & 0xff);
    }

    @Test
    void notAnImage_answers400SayingSo() throws Exception {
        server.deploy(converter("v1-bw").withMetadata(ObjectMeta.named("converter-bad")));

        HttpResponse<String> answer = server.send("POST", "/function/converter-bad", "plain text", "text/plain");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(TestServer.read(answer.body()).get("error").asText()).isEqualTo("NotAnImage");
    }
}
