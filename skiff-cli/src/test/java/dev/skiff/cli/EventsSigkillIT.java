package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability through the real program: events flow into a broker while the server is killed with
 * SIGKILL; after a restart on the same data directory every event that was answered 202 reaches
 * each trigger's function at least once: an ordered trigger's, and an unordered one's, which had
 * many events in flight when the server died.
 */
class EventsSigkillIT {
    private static final Pattern RECEIVED = Pattern.compile("RECEIVED (\\S+)");
    /** Prints each event's id; one locked write, as the unordered trigger's calls run at once (print may merge lines). */
    private static final String COUNTER = """
            import sys, threading
            said = threading.Lock()
            def handler(event, context):
                with said:
                    sys.stdout.write('RECEIVED ' + event['extensions']['request'].headers.get('ce-id') + '\\n')
                    sys.stdout.flush()
                return 'ok'
            """;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path temp;

    private static void ok(SkiffProcess.Result result) {
        assertThat(result.status()).as("stdout: %s%nstderr: %s", result.out(), result.err()).isZero();
    }

    @Test
    void sigkillWhileEventsFlow_everyAcceptedEventIsDeliveredAfterRestart() throws Exception {
        Path data = temp.resolve("data");
        Path code = Files.writeString(temp.resolve("counter.py"), COUNTER);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try (SkiffProcess.Server first = SkiffProcess.startServer(data, Map.of())) {
            ok(SkiffProcess.run(first.url(), "deploy", "counter", "--runtime", "python3", "--handler", "counter.handler",
                    "--from-file", code.toString()));
            ok(SkiffProcess.run(first.url(), "broker", "create", "default"));
            ok(SkiffProcess.run(first.url(), "trigger", "create", "count", "--broker", "default", "--function", "counter",
                    "--filter", "type=test.counted"));
            ok(SkiffProcess.run(first.url(), "deploy", "counter-u", "--runtime", "python3", "--handler", "counter.handler",
                    "--from-file", code.toString()));
            ok(SkiffProcess.run(first.url(), "trigger", "create", "count-u", "--broker", "default", "--function", "counter-u",
                    "--filter", "type=test.counted", "--ordering", "unordered", "--max-in-flight", "16"));
            SkiffProcess.Result listed = SkiffProcess.run(first.url(), "trigger", "list");
            ok(listed);
            assertThat(listed.out()).contains("ORDERING")
                    .containsPattern("count-u .*unordered \\(16\\)").containsPattern("count .*ordered");

            Thread sender = Thread.ofPlatform().start(() -> sendUntilRefused(first.url(), first.token(), accepted));
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 150);
            first.process().destroyForcibly();
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            sender.join(Duration.ofSeconds(30));
        }
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(150);

        try (SkiffProcess.Server second = SkiffProcess.startServer(data, Map.of())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> received(second, "counter").containsAll(accepted)
                            && received(second, "counter-u").containsAll(accepted));
            assertThat(received(second, "counter")).containsAll(accepted);
            assertThat(received(second, "counter-u")).containsAll(accepted);
        }
    }

    private void sendUntilRefused(String url, String token, Set<String> accepted) {
        for (int i = 0; i < 5000; i++) {
            String id = "ev-" + i;
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/brokers/default/events"))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
                    .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", "test.counted")
                    .header("ce-source", "/sigkill").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\": " + i + "}")).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    accepted.add(id);
                }
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Set<String> received(SkiffProcess.Server server, String function) throws IOException, InterruptedException {
        HttpResponse<String> log = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/functions/" + function
                        + "/logs?tail=1000000")).header("Authorization", "Bearer " + server.token())
                .build(), HttpResponse.BodyHandlers.ofString());
        Set<String> ids = new HashSet<>();
        for (String line : List.of(log.body().split("\n"))) {
            Matcher m = RECEIVED.matcher(line);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }
}
