package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Condition;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Source;
import dev.skiff.api.TrafficTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code skiff warm-up} (hidden): runs a client command's code once, against a canned answer on a
 * loopback socket, so that the launcher can record the classes it loads in the class-data-sharing
 * archive every later client command starts from. Prints nothing.
 */
@Command(name = "warm-up", hidden = true, description = "Load the client's classes once for the start-up archive.")
public final class WarmUpCommand implements Callable<Integer> {
    private static final String TIME = "2026-01-01T00:00:00Z";

    @ParentCommand
    private SkiffCommand skiff;

    /** Lists, reads, formats and prints (to nowhere) one sample function. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        String body = "{\"items\":[" + Documents.json().writeValueAsString(sample()) + "]}";
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SkiffClient client = new SkiffClient(URI.create("http://127.0.0.1:" + listener.getLocalPort()))) {
            Thread answering = Thread.ofPlatform().daemon().start(() -> answerOnce(listener, body));
            JsonNode list = client.list();
            List<Function> functions = ServerDocuments.functions(list);
            Instant now = skiff.context().clock().instant();
            FunctionTable.render(functions, now);
            FunctionDescription.render(functions.getFirst(), now);
            ServerDocuments.prettyJson(list);
            ServerDocuments.yaml(list);
            answering.join();
            return 0;
        }
    }

    private static Function sample() {
        Source source = Source.text("warm.py", "def handle(req):\n    return 'ok'\n");
        FunctionSpec spec = FunctionSpec.builder()
                .runtime("python3")
                .handler("warm.handle")
                .source(source)
                .env(Map.of("K", "V"))
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .build();
        FunctionStatus status = new FunctionStatus(List.of(Condition.ready(TIME)),
                "http://127.0.0.1:8080/function/warm-up", "warm-up-00001", "warm-up-00001", 1L,
                List.of(TrafficTarget.latest(100).resolved("warm-up-00001", null)));
        return Function.of("warm-up", spec)
                .withMetadata(ObjectMeta.named("warm-up").withServerFields(1, TIME))
                .withStatus(status);
    }

    private static void answerOnce(ServerSocket listener, String json) {
        try (Socket socket = listener.accept();
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
