package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.testkit.server.TestFunctions;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 001 end to end: a converter-like function replies with an {@code image.converted} CloudEvent,
 * a trigger sends it to examples/mailer, and a real SMTP server (GreenMail) receives the mail naming
 * the image.
 */
class MailerSeedIT {
    /** The mail relay's port, chosen before the server starts, which lets its functions reach it (--host-port). */
    private static final int SMTP_PORT = freePort();

    @RegisterExtension
    static final TestServer server = new TestServer(config -> config.withHostPorts(java.util.List.of(SMTP_PORT)));

    @Test
    void imageConverted_reachesTheMailer_whichMailsTheUserTheImagesName() throws Exception {
        int port = SMTP_PORT;
        // Sandboxed functions reach no service on the host's loopback but those the operator opens
        // (skiff server --host-port): the mail relay's port is opened to them.
        String host = "127.0.0.1";
        GreenMail smtp = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            server.deploy(TestFunctions.python("converter", "main.handler", """
                    import json
                    def handler(event, context):
                        upload = json.loads(event['extensions']['request'].body.decode())
                        converted = {'image': upload['image'].replace('.png', '-sepia.png'), 'email': upload['email']}
                        return (json.dumps(converted), 200, {'ce-specversion': '1.0', 'ce-id': 'c-' + upload['image'],
                                'ce-type': 'image.converted', 'ce-source': '/converter', 'Content-Type': 'application/json'})
                    """));
            String mailer = Files.readString(TestServer.repoFile("examples/mailer/mailer.py"));
            server.deploy(Function.of("mailer", FunctionSpec.builder().runtime("python3").handler("mailer.handler")
                    .source(Source.text("mailer.py", mailer))
                    .env(Map.of("SMTP_HOST", host, "SMTP_PORT", Integer.toString(port), "SMTP_FROM", "skiff@example.com"))
                    .build()));
            server.send("POST", "/api/v1/brokers", "{\"metadata\": {\"name\": \"default\"}}");
            server.send("POST", "/api/v1/triggers", """
                    {"metadata": {"name": "convert"}, "spec": {"broker": "default", "subscriber": {"function": "converter"},
                     "filters": [{"exact": {"type": "image.uploaded"}}]}}""");
            server.send("POST", "/api/v1/triggers", """
                    {"metadata": {"name": "notify"}, "spec": {"broker": "default", "subscriber": {"function": "mailer"},
                     "filters": [{"exact": {"type": "image.converted"}}]}}""");

            assertThat(server.send("POST", "/brokers/default/events", """
                    {"specversion": "1.0", "id": "u-1", "type": "image.uploaded", "source": "/upload",
                     "datacontenttype": "application/json", "data": {"image": "cat.png", "email": "ada@example.com"}}""",
                    "application/cloudevents+json").statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length == 1);
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
            assertThat(mail.getSubject()).contains("cat-sepia.png");
            assertThat(((String) mail.getContent())).contains("cat-sepia.png");
        } finally {
            smtp.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
