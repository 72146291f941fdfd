package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.SecretRef;
import dev.skiff.testkit.http.TestHttpClient;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Secrets through the real server: a function reads each key as a file (and as a variable when
 * asked); no other function, namespace, API answer, log, activation record or file of the data
 * directory holds a value; a secret a function names is deleted only when forced; bad bodies are
 * refused without repeating them.
 */
class SecretsIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    /** Values no test text holds but these variables: found anywhere else, they leaked. */
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String TOKEN = "tk-" + UUID.randomUUID();
    private static final String OTHER_TEAMS = "ot-" + UUID.randomUUID();
    private static final byte[] BINARY = {0, 1, 2, (byte) 0xff, 10};

    /** Answers what it can see of its secrets as digests, never the values themselves. */
    private static final String READER = """
            import hashlib, os
            def digest(text):
                return hashlib.sha256(text).hexdigest()
            def handle(req):
                found = {}
                for name in sorted(os.listdir('/var/skiff/secrets')) if os.path.isdir('/var/skiff/secrets') else []:
                    for key in sorted(os.listdir('/var/skiff/secrets/' + name)):
                        path = '/var/skiff/secrets/' + name + '/' + key
                        with open(path, 'rb') as f:
                            found[name + '/' + key] = digest(f.read())
                        try:
                            open(path, 'ab').close()
                            found[name + '/' + key + ':writable'] = True
                        except OSError:
                            pass
                env = {k: digest(v.encode()) for k, v in os.environ.items() if k in ('API_TOKEN', 'password')}
                return {'files': found, 'env': env}
            """;

    @BeforeAll
    static void secretsAndReaders() throws IOException, InterruptedException {
        created(server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"db\"}, \"stringData\": {\"password\": \""
                + PASSWORD + "\"}, \"data\": {\"blob\": \"" + Base64.getEncoder().encodeToString(BINARY) + "\"}}", "application/json"));
        created(server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"api\"}, \"stringData\": {\"API_TOKEN\": \""
                + TOKEN + "\"}}", "application/json"));
        deploy("/api/v1/functions", reader("reader", List.of(new SecretRef("db", null), new SecretRef("api", true))));
        deploy("/api/v1/functions", reader("bystander", null));
        created(server.http().send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"sec-b\"}}", "application/json"));
        created(server.http().send("POST", "/api/v1/namespaces/sec-b/secrets", "{\"metadata\": {\"name\": \"db\"}, "
                + "\"stringData\": {\"password\": \"" + OTHER_TEAMS + "\"}}", "application/json"));
        deploy("/api/v1/namespaces/sec-b/functions", reader("reader", List.of(new SecretRef("db", null))));
    }

    private static Function reader(String name, List<SecretRef> secrets) {
        Function function = TestFunctions.python(name, READER);
        return Function.of(name, function.spec().toBuilder().secrets(secrets).build());
    }

    private static void deploy(String path, Function function) throws IOException, InterruptedException {
        created(server.http().send("POST", path, TestServer.json(function), "application/json"));
    }

    private static void created(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String value) {
        return sha256(value.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode invoke(String function) {
        HttpResponse<String> answer = server.send("POST", "/function/" + function, "{}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return TestServer.read(answer.body());
    }

    @Test
    void aFunction_readsEachKeyAsAReadOnlyFile_andAsAVariableWhenAsked() {
        JsonNode seen = invoke("reader");

        assertThat(seen.at("/files/db~1password").asText()).isEqualTo(sha256(PASSWORD));
        assertThat(seen.at("/files/db~1blob").asText()).isEqualTo(sha256(BINARY));
        assertThat(seen.at("/files/api~1API_TOKEN").asText()).isEqualTo(sha256(TOKEN));
        assertThat(seen.get("files").has("db/password:writable")).isFalse();
        assertThat(seen.at("/env/API_TOKEN").asText()).isEqualTo(sha256(TOKEN));
        assertThat(seen.get("env").has("password")).as("db is not asked as variables").isFalse();
    }

    @Test
    void anotherFunction_orAnotherNamespacesFunction_seesNoneOfThem() {
        JsonNode bystander = invoke("bystander");
        assertThat(bystander.get("files")).isEmpty();
        assertThat(bystander.get("env")).isEmpty();

        JsonNode otherTeam = invoke("reader.sec-b");
        assertThat(otherTeam.at("/files/db~1password").asText()).isEqualTo(sha256(OTHER_TEAMS));
        assertThat(otherTeam.get("files")).hasSize(1);
    }

    @Test
    void noAnswerLogOrRecord_andNoFileOfTheDataDirectory_holdsAValue_whileTheFunctionRuns() throws Exception {
        invoke("reader");
        List<String> answers = new ArrayList<>();
        for (String path : List.of("/api/v1/secrets", "/api/v1/secrets/db", "/api/v1/functions", "/api/v1/functions/reader",
                "/api/v1/functions/reader/revisions", "/api/v1/functions/reader/instances", "/api/v1/functions/reader/logs",
                "/api/v1/activations?function=reader", "/api/v1/namespaces/sec-b/secrets", "/metrics")) {
            HttpResponse<String> answer = server.send("GET", path, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            answers.add(answer.body());
        }
        JsonNode described = TestServer.read(server.send("GET", "/api/v1/secrets/db", null).body());
        assertThat(described.get("keys")).extracting(JsonNode::asText).containsExactly("blob", "password");
        assertThat(described.at("/status/usedBy")).extracting(JsonNode::asText).containsExactly("reader");
        assertThat(TestServer.read(server.send("GET", "/api/v1/functions/reader", null).body()).at("/spec/secrets/1/name").asText())
                .isEqualTo("api");
        for (String answer : answers) {
            assertThat(answer).doesNotContain(PASSWORD, TOKEN, OTHER_TEAMS);
        }
        assertThat(server.instances("reader")).isNotEmpty();
        List<Path> holding = filesHolding(server.dataDir(), List.of(PASSWORD, TOKEN, OTHER_TEAMS));
        assertThat(holding).as("files of the data directory holding a value in clear").isEmpty();
        assertThat(filesHolding(Path.of("/dev/shm"), List.of(PASSWORD, TOKEN, OTHER_TEAMS))).isEmpty();
    }

    @Test
    void theKeyFile_isTheServersAlone_andBesideTheDatabase() throws IOException {
        Path key = server.dataDir().resolve("secrets.key");
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(TestServer.databaseText(server.dataDir())).doesNotContain(Files.readString(key).strip());
    }

    @Test
    void aSecretAFunctionNames_isDeletedOnlyWhenForced() throws IOException, InterruptedException {
        created(server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"doomed\"}, \"stringData\": {\"k\": \"v\"}}",
                "application/json"));
        deploy("/api/v1/functions", reader("doomed-user", List.of(new SecretRef("doomed", null))));

        HttpResponse<String> refused = server.http().send("DELETE", "/api/v1/secrets/doomed", null, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("doomed-user").contains("--force");
        assertThat(server.http().send("DELETE", "/api/v1/secrets/doomed?force=true", null, null).statusCode()).isEqualTo(200);
        assertThat(server.http().get("/api/v1/secrets/doomed").statusCode()).isEqualTo(404);

        HttpResponse<String> redeploy = server.http().send("PUT", "/api/v1/functions/doomed-user",
                TestServer.json(reader("doomed-user", List.of(new SecretRef("doomed", null)))), "application/json");
        assertThat(redeploy.statusCode()).isEqualTo(400);
        assertThat(redeploy.body()).contains("spec.secrets[0].name").contains("does not exist");
    }

    @Test
    void aDeployNamingAMissingSecret_isRefused_andLeavesNothing() throws IOException, InterruptedException {
        HttpResponse<String> refused = server.http().send("POST", "/api/v1/functions",
                TestServer.json(reader("wants-missing", List.of(new SecretRef("nowhere", null)))), "application/json");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("nowhere").contains("skiff secret create");
        assertThat(server.http().get("/api/v1/functions/wants-missing").statusCode()).isEqualTo(404);
    }

    @Test
    void updatedValues_areWhatNewInstancesRead() throws IOException, InterruptedException {
        created(server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"rotating\"}, \"stringData\": {\"k\": \"one\"}}",
                "application/json"));
        deploy("/api/v1/functions", reader("rotated", List.of(new SecretRef("rotating", null))));
        assertThat(invoke("rotated").at("/files/rotating~1k").asText()).isEqualTo(sha256("one"));

        HttpResponse<String> updated = server.http().send("PUT", "/api/v1/secrets/rotating",
                "{\"stringData\": {\"k\": \"two\", \"extra\": \"x\"}}", "application/json");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(TestServer.read(updated.body()).get("keys")).extracting(JsonNode::asText).containsExactly("extra", "k");
        deploy("/api/v1/functions", reader("rotated-new", List.of(new SecretRef("rotating", null))));

        JsonNode fresh = invoke("rotated-new");
        assertThat(fresh.at("/files/rotating~1k").asText()).isEqualTo(sha256("two"));
        assertThat(fresh.at("/files/rotating~1extra").asText()).isEqualTo(sha256("x"));
    }

    @Test
    void badBodies_areRefusedWithoutRepeatingThem() throws IOException, InterruptedException {
        String value = "leak-" + UUID.randomUUID();
        List<HttpResponse<String>> answers = List.of(
                server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"x\"}, \"stringData\": {\"k\": \""
                        + value + "\" ", "application/json"),
                server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"x\"}, \"data\": {\"k\": \""
                        + value + "!\"}}", "application/json"),
                server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"x\"}, \"stringData\": {\"k\": "
                        + "[\"" + value + "\"]}}", "application/json"),
                server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"Bad_Name\"}, \"stringData\": {\"k\": \""
                        + value + "\"}}", "application/json"),
                server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"x\"}, \"stringData\": {\"../k\": \""
                        + value + "\"}}", "application/json"),
                server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"x\"}}", "application/json"));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).doesNotContain(value).contains("\"error\"");
        }
        assertThat(server.http().get("/api/v1/secrets/x").statusCode()).isEqualTo(404);
        assertThat(server.http().send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"db\"}, \"stringData\": {\"k\": \"v\"}}",
                "application/json").statusCode()).isEqualTo(409);
        assertThat(invoke("reader").at("/files/db~1password").asText()).as("the refused create changed nothing")
                .isEqualTo(sha256(PASSWORD));
    }

    @Test
    void aTokenOutsideTheNamespace_reachesNoneOfItsSecrets() throws IOException, InterruptedException {
        HttpResponse<String> made = server.http().send("POST", "/api/v1/tokens", "{\"name\": \"sec-dev\", \"role\": \"developer\"}",
                "application/json");
        TestHttpClient developer = server.http().withToken(TestHttpClient.json(made).get("token").asText());
        assertThat(developer.get("/api/v1/secrets").statusCode()).isEqualTo(200);
        assertThat(developer.get("/api/v1/namespaces/sec-b/secrets").statusCode()).isEqualTo(403);
        assertThat(developer.send("PUT", "/api/v1/namespaces/sec-b/secrets/db", "{\"stringData\": {\"password\": \"mine\"}}",
                "application/json").statusCode()).isEqualTo(403);
        assertThat(developer.send("DELETE", "/api/v1/namespaces/sec-b/secrets/db?force=true", null, null).statusCode()).isEqualTo(403);
        assertThat(developer.get("/api/v1/secrets/db.sec-b").statusCode()).isEqualTo(404);
        assertThat(invoke("reader.sec-b").at("/files/db~1password").asText()).isEqualTo(sha256(OTHER_TEAMS));
    }

    @Test
    void aLostOrReplacedKeyFile_makesSecretsUnreadable_sayingSo_andTheServerServesOn(@org.junit.jupiter.api.io.TempDir Path dataDir)
            throws IOException {
        TestServer own = TestServer.start(dataDir);
        try {
            created(own.send("POST", "/api/v1/secrets", "{\"metadata\": {\"name\": \"db\"}, \"stringData\": {\"password\": \"p\"}}"));
            created(own.send("POST", "/api/v1/functions", TestServer.json(reader("reader", List.of(new SecretRef("db", null))))));
            own.deploy(TestFunctions.python("plain", "def handle(req):\n    return 'still here'\n"));
            Path key = dataDir.resolve("secrets.key");

            Files.delete(key);
            own.restart();
            HttpResponse<String> lost = own.send("POST", "/function/reader", "{}");
            assertThat(lost.statusCode()).isGreaterThanOrEqualTo(500);
            assertThat(lost.body()).contains("secrets key file").contains("missing").contains("skiff secret update");
            assertThat(own.send("GET", "/api/v1/secrets/db", null).statusCode()).isEqualTo(200);
            assertThat(own.send("POST", "/function/plain", "{}").body()).isEqualTo("still here");

            Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
            own.restart();
            HttpResponse<String> replaced = own.send("POST", "/function/reader", "{}");
            assertThat(replaced.statusCode()).isGreaterThanOrEqualTo(500);
            assertThat(replaced.body()).contains("not the key it was sealed with");

            Files.writeString(key, "not a key\n");
            own.restart();
            HttpResponse<String> garbled = own.send("POST", "/function/reader", "{}");
            assertThat(garbled.body()).contains("does not hold a key");
            HttpResponse<String> update = own.send("PUT", "/api/v1/secrets/db", "{\"stringData\": {\"password\": \"q\"}}");
            assertThat(update.statusCode()).isEqualTo(409);
            assertThat(update.body()).contains("SecretUnreadable");
        } finally {
            own.close();
        }
    }

    /** The regular files under {@code root} holding any of {@code values}. */
    static List<Path> filesHolding(Path root, List<String> values) throws IOException {
        List<byte[]> needles = values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    byte[] content = Files.readAllBytes(file);
                    return needles.stream().anyMatch(needle -> indexOf(content, needle) >= 0);
                } catch (IOException e) {
                    if (e instanceof java.nio.file.AccessDeniedException) {
                        throw new UncheckedIOException(e);
                    }
                    return false;
                }
            }).toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
