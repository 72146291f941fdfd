package dev.skiff.runtimes.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.VolumeMount;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.runtimes.Workers;
import dev.skiff.testkit.Patience;
import dev.skiff.testkit.http.TestHttpClient;
import dev.skiff.testkit.worker.WorkerHarness;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the real command worker with the real Montage {@code mProject} on an image {@code mMakeImg} makes,
 * in a temporary directory standing in for the volume {@code montage-data} mounted at {@code /mnt/data}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandWorkerIT {
    private static final String MOUNT = "/mnt/data";
    private static final String RUNDIR = MOUNT + "/montage-data/2MASS-J-D1";
    private static final List<String> RECORD_FIELDS = List.of("ID", "runID", "Command", "Arguments", "Inputs", "Outputs",
            "Start Time", "InputIO Time", "Command Time", "OutputIO Time", "End Time", "Hostname", "Execution Output",
            "Execution Error");
    private static final String ISO_LOCAL = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}";

    @TempDir
    static Path temp;
    private Path volume;
    private Path run;
    private CommandRuntime runtime;
    private WorkerHarness worker;

    @BeforeAll
    void startWorker() throws Exception {
        volume = Files.createDirectories(temp.resolve("volume"));
        run = Files.createDirectories(volume.resolve("montage-data/2MASS-J-D1"));
        Files.writeString(run.resolve("image.hdr"), header(40, 20.5, 0.0));
        Files.writeString(run.resolve("region.hdr"), header(30, 15.5, 10.0));
        runTool(run, "mMakeImg", "image.hdr", "image.fits");
        Files.createDirectories(temp.resolve("outside"));
        Files.writeString(temp.resolve("outside/secret.hdr"), "SIMPLE = T\nEND\n");
        Files.createSymbolicLink(run.resolve("escape"), temp.resolve("outside"));
        runtime = new CommandRuntime(new RuntimeConfig(temp.resolve("boot"), null, Duration.ofMinutes(1)));
        worker = start(List.of("mProject", "true"), Map.of(CommandRuntime.volumeEnv("montage-data"), volume.toString()))
                .awaitReady();
    }

    @AfterAll
    void stopWorker() {
        worker.close();
    }

    @Test
    void mProject_oneJob_writesItsOutputsAndAnswersTheSeedRecord() throws Exception {
        Answer answer = post(worker, jobs(job("ID0000001", RUNDIR, "mProject", "p-one.fits")));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonNode record = answer.body();
        assertThat(fieldNames(record)).containsExactlyElementsOf(RECORD_FIELDS);
        assertThat(record.get("ID").asText()).isEqualTo("ID0000001");
        assertThat(record.get("runID").asText()).isEqualTo("run00001");
        assertThat(record.get("Command").asText()).isEqualTo("mProject");
        assertThat(texts(record.get("Arguments"))).containsExactly("-X", "image.fits", "p-one.fits", "region.hdr");
        assertThat(texts(record.get("Inputs"))).containsExactly("image.fits", "region.hdr");
        assertThat(texts(record.get("Outputs"))).containsExactly("p-one.fits", "p-one_area.fits");
        List<String> times = RECORD_FIELDS.subList(6, 11).stream().map(name -> record.get(name).asText()).toList();
        assertThat(times).allSatisfy(time -> assertThat(time).matches(ISO_LOCAL)).isSorted();
        assertThat(record.get("Hostname").asText()).isNotBlank();
        assertThat(record.get("Execution Output").asText()).contains("stat=\"OK\"");
        assertThat(record.get("Execution Error").asText()).isEmpty();
        assertThat(run.resolve("p-one.fits")).isNotEmptyFile();
        assertThat(run.resolve("p-one_area.fits")).isNotEmptyFile();
    }

    @Test
    void twoJobs_rundirRelativeToTheVolume_runInOrderAndAnswerAList() throws Exception {
        Answer answer = post(worker, jobs(
                job("ID0000002", "montage-data/2MASS-J-D1", "mProject", "p-two.fits"),
                job("ID0000003", RUNDIR, "mProject", "p-three.fits")));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().isArray()).isTrue();
        assertThat(answer.body().findValuesAsText("ID")).containsExactly("ID0000002", "ID0000003");
        assertThat(run.resolve("p-two.fits")).exists();
        assertThat(run.resolve("p-three.fits")).exists();
    }

    @Test
    void commandNotAllowed_403() throws Exception {
        Answer answer = post(worker, jobs(job("ID1", RUNDIR, "rm", "x.fits")));
        assertError(answer, 403, "CommandNotAllowed");
        assertThat(answer.body().get("message").asText()).contains("'rm'").contains("mProject");
        assertThat(post(worker, jobs(job("ID1", RUNDIR, "/usr/bin/mProject", "x.fits"))).status()).isEqualTo(403);
    }

    @ParameterizedTest
    @CsvSource({"/etc, BadRundir", "/mnt/data/../../etc, BadRundir", "../outside, BadRundir",
        "/mnt/data/montage-data/2MASS-J-D1/escape, BadRundir", "/mnt/datax, BadRundir",
        "/mnt/data/montage-data/nowhere, BadRundir"})
    void rundirOutsideTheVolume_400(String rundir, String error) throws Exception {
        assertError(post(worker, jobs(job("ID1", rundir, "mProject", "x.fits"))), 400, error);
    }

    @ParameterizedTest
    @CsvSource({"inputs, ../image.fits", "inputs, /etc/passwd", "outputs, /tmp/x.fits", "outputs, a/../../x.fits"})
    void inputsOrOutputsWithDotDotOrAbsolute_400(String field, String path) throws Exception {
        String body = "{\"ID1\": {\"command\": \"true\", \"rundir\": \"" + RUNDIR + "\", \"" + field + "\": [\"" + path + "\"]}}";
        assertError(post(worker, body), 400, "BadPath");
    }

    @Test
    void inputThroughASymlinkOutOfTheVolume_400() throws Exception {
        String body = "{\"ID1\": {\"command\": \"true\", \"rundir\": \"" + RUNDIR + "\", \"inputs\": [\"escape/secret.hdr\"]}}";
        assertError(post(worker, body), 400, "BadPath");
    }

    @Test
    void missingInput_400NamingIt_withTheRecord() throws Exception {
        String body = "{\"ID1\": {\"command\": \"mProject\", \"rundir\": \"" + RUNDIR + "\", \"arguments\": [],"
                + " \"inputs\": [\"region.hdr\", \"absent.fits\"]}}";
        Answer answer = post(worker, body);
        assertError(answer, 400, "MissingInput");
        assertThat(answer.body().get("message").asText()).contains("absent.fits").doesNotContain("region.hdr");
        assertThat(fieldNames(answer.body().get("record"))).containsExactlyElementsOf(RECORD_FIELDS);
    }

    @Test
    void nonZeroExit_500WithTheFullRecord() throws Exception {
        String body = "{\"ID1\": {\"command\": \"mProject\", \"rundir\": \"" + RUNDIR + "\","
                + " \"arguments\": [\"-X\", \"undeclared.fits\", \"p.fits\", \"region.hdr\"]}}";
        Answer answer = post(worker, body);
        assertError(answer, 500, "CommandFailed");
        JsonNode record = answer.body().get("record");
        assertThat(fieldNames(record)).containsExactlyElementsOf(RECORD_FIELDS);
        assertThat(record.get("Execution Output").asText()).contains("undeclared.fits");
        assertThat(record.get("Execution Error").asText()).contains("exited with status 1");
    }

    @Test
    void missingOutput_500WithTheRecord() throws Exception {
        String body = "{\"ID1\": {\"command\": \"true\", \"rundir\": \"" + RUNDIR + "\", \"outputs\": [\"never.fits\"]}}";
        Answer answer = post(worker, body);
        assertError(answer, 500, "MissingOutput");
        assertThat(answer.body().get("record").get("Execution Error").asText()).contains("never.fits");
        assertThat(answer.body().get("record").get("End Time").asText()).matches(ISO_LOCAL);
    }

    @Test
    void malformedJsonOrNoJobs_400() throws Exception {
        assertError(post(worker, "{\"ID1\": "), 400, "MalformedJSON");
        assertError(post(worker, "{}"), 400, "BadJob");
        assertError(post(worker, "[1]"), 400, "BadJob");
        assertError(post(worker, "{\"ID1\": {\"command\": \"true\", \"rundir\": \"" + RUNDIR + "\", \"arguments\": \"-X\"}}"),
                400, "BadJob");
    }

    @Test
    void allowedCommandNotOnPath_loadErrorExit3() throws Exception {
        try (WorkerHarness broken = start(List.of("mProject", "no-such-tool-xyz"),
                Map.of(CommandRuntime.volumeEnv("montage-data"), volume.toString()))) {
            assertThat(broken.awaitExit()).isEqualTo(3);
            assertThat(broken.stderr()).contains("SKIFF-LOAD-ERROR: allowed command 'no-such-tool-xyz' is not an executable on the PATH");
        }
    }

    @Test
    void volumeDirectoryMissing_loadErrorExit3() throws Exception {
        try (WorkerHarness broken = start(List.of("mProject"),
                Map.of(CommandRuntime.volumeEnv("montage-data"), temp.resolve("gone").toString()))) {
            assertThat(broken.awaitExit()).isEqualTo(3);
            assertThat(broken.stderr()).anyMatch(line -> line.startsWith("SKIFF-LOAD-ERROR: volume 'montage-data'"));
        }
    }

    @Test
    void workerKilledMidJob_commandDiesWithIt() throws Exception {
        Map<String, String> env = Map.of(CommandRuntime.volumeEnv("montage-data"), volume.toString());
        try (WorkerHarness killed = start(List.of("sleep"), env).awaitReady()) {
            killed.http().sendAsync(killed.http().request("POST", "/", "{\"ID1\": {\"command\": \"sleep\", \"rundir\": \""
                    + RUNDIR + "\", \"arguments\": [\"300\"]}}", "application/json"));
            ProcessHandle sleeper = Awaitility.await().atMost(Patience.LIMIT)
                    .until(() -> killed.process().children().findFirst(), Optional::isPresent).orElseThrow();
            killed.process().destroyForcibly();
            Awaitility.await().atMost(Patience.LIMIT).until(() -> !sleeper.isAlive());
        }
    }

    /** One answer: its status and its JSON body. */
    private record Answer(int status, JsonNode body) {}

    /** POSTs {@code body} to {@code target} and reads the JSON answer. */
    private static Answer post(WorkerHarness target, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = target.http().post("/", body, "application/json");
        return new Answer(response.statusCode(), TestHttpClient.json(response));
    }

    private WorkerHarness start(List<String> allowed, Map<String, String> env) throws IOException {
        FunctionSpec spec = FunctionSpec.builder()
                .runtime("command")
                .handler(CommandRuntime.HANDLER)
                .source(CommandRuntime.NO_SOURCE)
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .volumes(List.of(new VolumeMount("montage-data", MOUNT, null)))
                .allowedCommands(allowed)
                .build();
        Path code = Files.createDirectories(temp.resolve("code"));
        WorkerCommand command = runtime.command(new RevisionFiles(code, code), spec);
        return WorkerHarness.start(Workers.launch(command, new RevisionFiles(code, code), CommandRuntime.HANDLER).withEnv(env));
    }

    private static void assertError(Answer answer, int status, String error) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.body().get("error").asText()).isEqualTo(error);
        assertThat(answer.body().get("message").asText()).isNotBlank();
    }

    private static String job(String id, String rundir, String command, String output) {
        String stem = output.replace(".fits", "");
        return "\"" + id + "\": {\"name\": \"" + command + "\", \"runid\": \"run00001\", \"rundir\": \"" + rundir + "\","
                + " \"command\": \"" + command + "\", \"arguments\": [\"-X\", \"image.fits\", \"" + output + "\", \"region.hdr\"],"
                + " \"inputs\": [\"image.fits\", \"region.hdr\"], \"outputs\": [\"" + output + "\", \"" + stem + "_area.fits\"]}";
    }

    private static String jobs(String... jobs) {
        return "{" + String.join(", ", jobs) + "}";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** A FITS header template for a small gnomonic image of {@code size}² 10" pixels around RA 10, Dec 20. */
    private static String header(int size, double center, double rotation) {
        return String.join("\n", "SIMPLE  = T", "BITPIX  = -64", "NAXIS   = 2", "NAXIS1  = " + size, "NAXIS2  = " + size,
                "CTYPE1  = 'RA---TAN'", "CTYPE2  = 'DEC--TAN'", "CRVAL1  = 10.0", "CRVAL2  = 20.0", "CRPIX1  = " + center,
                "CRPIX2  = " + center, "CDELT1  = -0.002777778", "CDELT2  = 0.002777778", "CROTA2  = " + rotation,
                "EQUINOX = 2000.0", "END", "");
    }

    private static void runTool(Path dir, String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(Patience.LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("stat=\"OK\"");
    }
}
