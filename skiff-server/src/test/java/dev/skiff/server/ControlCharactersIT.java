package dev.skiff.server;

import static dev.skiff.server.StrictAnswers.assertNoFunction;
import static dev.skiff.server.StrictAnswers.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** NUL and other control characters in strings that become paths, environment or arguments are refused with 400. */
class ControlCharactersIT {
    private static final String SOURCE = "def handle(req):\n    return 'ok'\n";

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static HttpResponse<String> create(Function function) {
        return server.send("POST", "/api/v1/functions", TestServer.json(function));
    }

    private static FunctionSpec.Builder python() {
        return TestFunctions.python("x", SOURCE).spec().toBuilder();
    }

    @Test
    void create_nulInEnvValue_is400NamingTheVariable() {
        Function function = Function.of("nulenv", python().env(Map.of("A", "x\u0000y")).build());

        String message = invalid(create(function));

        assertThat(message).contains("spec.env.A").contains("NUL");
        assertNoFunction(server, "nulenv");
    }

    @Test
    void create_nulInMountPath_is400NamingTheMount() {
        assertThat(server.send("POST", "/api/v1/volumes", "{\"name\": \"nulvol\"}").statusCode()).isEqualTo(201);
        Function function = Function.of("nulmount", python()
                .volumes(List.of(new VolumeMount("nulvol", "/mnt/da\u0000ta", null))).build());

        String message = invalid(create(function));

        assertThat(message).contains("spec.volumes[0].mountPath").contains("control character");
        assertNoFunction(server, "nulmount");
    }

    @Test
    void create_controlCharactersInFileNamesAndArguments_is400NamingEachField() {
        Function python = Function.of("nulfiles", python()
                .source(Source.text("ma\u0000in.py", SOURCE))
                .requirements("requests\u0000\n")
                .build());
        Function app = Function.of("nulargs", FunctionSpec.builder()
                .runtime("http")
                .source(Source.text("app.py", SOURCE))
                .command(List.of("python3\n", "app.py", "--name=a\u0000b"))
                .build());
        Function commands = Function.of("nulcmds", FunctionSpec.builder()
                .runtime("command")
                .source(Source.text("jobs.txt", ""))
                .volumes(List.of(new VolumeMount("nulvol", "/mnt/data", null)))
                .allowedCommands(List.of("mProject\u0007"))
                .build());

        assertThat(invalid(create(python))).contains("spec.source.filename").contains("spec.requirements");
        assertThat(invalid(create(app))).contains("spec.command[0]").contains("spec.command[2]");
        assertThat(invalid(create(commands))).contains("spec.allowedCommands[0]").contains("control character");
        assertNoFunction(server, "nulfiles");
        assertNoFunction(server, "nulargs");
        assertNoFunction(server, "nulcmds");
    }
}
