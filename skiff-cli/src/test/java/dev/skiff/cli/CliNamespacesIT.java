package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Namespaces from the CLI: {@code skiff namespace ...}, {@code skiff -n NS} on function commands, scoped tokens. */
class CliNamespacesIT {
    @TempDir
    static Path dir;

    private static SkiffProcess.Server server;

    @BeforeAll
    static void start() {
        server = SkiffProcess.startServer(dir.resolve("data"), Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SkiffProcess.Result ok(SkiffProcess.Result result) {
        assertThat(result.status()).as(result.err()).isZero();
        return result;
    }

    @Test
    void aTeamsNamespace_holdsItsOwnFunction_underTheSameName() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "def handle(req):\n    return 'from team-a'\n");
        ok(SkiffProcess.run(server.url(), "namespace", "create", "team-a", "--max-functions", "1"));

        SkiffProcess.Result deployed = ok(SkiffProcess.run(server.url(), "-n", "team-a", "deploy", "hello", "--runtime",
                "python3", "--handler", "hello.handle", "--from-file", code.toString()));
        assertThat(deployed.out().strip()).endsWith("/function/hello.team-a");
        assertThat(ok(SkiffProcess.run(server.url(), "-n", "team-a", "invoke", "hello")).out()).contains("from team-a");
        assertThat(ok(SkiffProcess.run(server.url(), "-n", "team-a", "list")).out()).contains("hello");
        assertThat(ok(SkiffProcess.run(server.url(), "list")).out()).doesNotContain("hello");
        ok(SkiffProcess.run(server.url(), "-n", "team-a", "volume", "create", "data"));
        assertThat(ok(SkiffProcess.run(server.url(), "-n", "team-a", "volume", "list")).out()).contains("data");
        assertThat(SkiffProcess.run(server.url(), "volume", "list").out()).doesNotContain("data");
        assertThat(ok(SkiffProcess.run(server.url(), "namespace", "describe", "team-a")).out()).contains("Functions:  1 of 1");
        assertThat(ok(SkiffProcess.run(server.url(), "namespace", "list")).out()).contains("team-a").contains("default");

        SkiffProcess.Result over = SkiffProcess.run(server.url(), "-n", "team-a", "deploy", "second", "--runtime",
                "python3", "--handler", "hello.handle", "--from-file", code.toString());
        assertThat(over.status()).isEqualTo(1);
        assertThat(over.err()).contains("maxFunctions").doesNotContain("Exception");

        SkiffProcess.Result refused = SkiffProcess.run(server.url(), "namespace", "delete", "team-a");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("--force");
        ok(SkiffProcess.run(server.url(), "namespace", "delete", "team-a", "--force"));
        assertThat(SkiffProcess.run(server.url(), "-n", "team-a", "list").err()).contains("no namespace");
    }

    @Test
    void aTokenMadeForANamespace_reachesItAlone() {
        ok(SkiffProcess.run(server.url(), "namespace", "create", "team-b"));
        SkiffProcess.Result made = ok(SkiffProcess.run(server.url(), "token", "create", "b-dev", "--role", "developer",
                "-n", "team-b"));
        List<String> lines = made.out().lines().toList();
        String token = lines.get(lines.size() - 1);

        assertThat(ok(SkiffProcess.run(server.url(), "--token", token, "-n", "team-b", "list")).status()).isZero();
        SkiffProcess.Result outside = SkiffProcess.run(server.url(), "--token", token, "list");
        assertThat(outside.status()).isEqualTo(1);
        assertThat(outside.err()).contains("team-b").contains("not default");
        assertThat(ok(SkiffProcess.run(server.url(), "token", "list")).out()).contains("b-dev").contains("team-b");

        ok(SkiffProcess.run(server.url(), "namespace", "update", "team-b", "--max-in-flight", "5"));
        ok(SkiffProcess.run(server.url(), "namespace", "update", "team-b", "--max-functions", "7"));
        String described = ok(SkiffProcess.run(server.url(), "namespace", "describe", "team-b")).out();
        assertThat(described).contains("In flight:  at most 5").contains("of 7");
        SkiffProcess.Result notAdmin = SkiffProcess.run(server.url(), "--token", token, "namespace", "update", "team-b",
                "--max-in-flight", "50");
        assertThat(notAdmin.status()).isEqualTo(1);
        assertThat(notAdmin.err()).contains("admin");
    }

    @Test
    void eventsCommands_withDashN_workInTheNamespace() throws IOException {
        Path code = Files.writeString(dir.resolve("sink.py"), "def handle(req):\n    return 'ok'\n");
        ok(SkiffProcess.run(server.url(), "namespace", "create", "team-e"));
        ok(SkiffProcess.run(server.url(), "-n", "team-e", "deploy", "sink", "--runtime", "python3", "--handler",
                "sink.handle", "--from-file", code.toString()));
        ok(SkiffProcess.run(server.url(), "-n", "team-e", "broker", "create", "orders"));
        ok(SkiffProcess.run(server.url(), "-n", "team-e", "topic", "create", "jobs"));
        ok(SkiffProcess.run(server.url(), "-n", "team-e", "trigger", "create", "paid", "--broker", "orders", "--function", "sink"));
        ok(SkiffProcess.run(server.url(), "-n", "team-e", "cron", "create", "nightly", "--schedule", "0 3 * * *",
                "--function", "sink"));

        String brokers = ok(SkiffProcess.run(server.url(), "-n", "team-e", "broker", "list")).out();
        assertThat(brokers).contains("orders").contains("/brokers/orders.team-e/events");
        assertThat(ok(SkiffProcess.run(server.url(), "-n", "team-e", "trigger", "list")).out()).contains("paid");
        assertThat(ok(SkiffProcess.run(server.url(), "-n", "team-e", "cron", "list")).out()).contains("nightly");
        assertThat(ok(SkiffProcess.run(server.url(), "broker", "list")).out()).doesNotContain("orders");
        assertThat(ok(SkiffProcess.run(server.url(), "trigger", "list")).out()).doesNotContain("paid");
        SkiffProcess.Result notHere = SkiffProcess.run(server.url(), "trigger", "create", "paid", "--broker", "orders",
                "--function", "sink");
        assertThat(notHere.status()).isEqualTo(1);
        assertThat(notHere.err()).contains("orders").doesNotContain("Exception");

        SkiffProcess.Result refused = SkiffProcess.run(server.url(), "namespace", "delete", "team-e");
        assertThat(refused.err()).contains("trigger paid").contains("--force");
        ok(SkiffProcess.run(server.url(), "namespace", "delete", "team-e", "--force"));
        ok(SkiffProcess.run(server.url(), "namespace", "create", "team-e"));
        assertThat(ok(SkiffProcess.run(server.url(), "-n", "team-e", "broker", "list")).out()).doesNotContain("orders");
    }

    @Test
    void instanceAndMemoryQuotas_areSetFromTheCli_andDescribeShowsTheUsageAndWhatTheyHoldBack() throws IOException {
        Path code = Files.writeString(dir.resolve("quota.py"), "def handle(req):\n    return 'ok'\n");
        ok(SkiffProcess.run(server.url(), "namespace", "create", "team-c", "--max-instances", "1", "--max-memory", "1Gi"));
        assertThat(ok(SkiffProcess.run(server.url(), "namespace", "describe", "team-c")).out())
                .contains("Instances:  0 of 1").contains("Memory:     0 of 1Gi");

        ok(SkiffProcess.run(server.url(), "-n", "team-c", "deploy", "wide", "--runtime", "python3", "--handler",
                "quota.handle", "--from-file", code.toString(), "--memory", "256Mi"));
        ok(SkiffProcess.run(server.url(), "-n", "team-c", "scale", "wide", "--min", "2"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                SkiffProcess.run(server.url(), "-n", "team-c", "describe", "wide").out().contains("Capped:"));

        assertThat(ok(SkiffProcess.run(server.url(), "-n", "team-c", "describe", "wide")).out())
                .contains("Capped: wide-00001 runs 1 of the 2 instance(s) it wants: namespace team-c runs 1 instance(s), "
                        + "its quota (maxInstances 1)");
        assertThat(ok(SkiffProcess.run(server.url(), "namespace", "describe", "team-c")).out())
                .contains("Instances:  1 of 1").contains("Memory:     256Mi of 1Gi");
        SkiffProcess.Result over = SkiffProcess.run(server.url(), "-n", "team-c", "deploy", "second", "--runtime", "python3",
                "--handler", "quota.handle", "--from-file", code.toString());
        assertThat(over.status()).isEqualTo(1);
        assertThat(over.err()).contains("maxInstances 1").doesNotContain("Exception");

        ok(SkiffProcess.run(server.url(), "namespace", "update", "team-c", "--max-instances", "3"));
        assertThat(ok(SkiffProcess.run(server.url(), "namespace", "describe", "team-c")).out())
                .contains("of 3").contains("of 1Gi");
        assertThat(ok(SkiffProcess.run(server.url(), "namespace", "list")).out()).contains("MAX INSTANCES").contains("1Gi");
        SkiffProcess.Result badSize = SkiffProcess.run(server.url(), "namespace", "update", "team-c", "--max-memory", "lots");
        assertThat(badSize.status()).isNotZero();
        assertThat(badSize.err()).contains("lots");
        ok(SkiffProcess.run(server.url(), "namespace", "update", "team-c", "--no-limits"));
        assertThat(ok(SkiffProcess.run(server.url(), "namespace", "describe", "team-c")).out())
                .contains("Instances:  ").contains("of no limit").doesNotContain("of 1Gi");
    }
}
