package dev.skiff.server.activations;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.ValidationException;
import dev.skiff.server.dataplane.FunctionCaller;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callbacks as they are sent: the host resolved once, every address checked again, the connection
 * made to the checked address, redirects not followed, and each outcome reported.
 */
class CallbackSenderTest {
    private final Map<String, CallbackOutcome> reported = new ConcurrentHashMap<>();
    private Vertx vertx;
    private CallbackReceiver receiver;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        receiver = CallbackReceiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, SECONDS);
    }

    private CallbackSender sender(CallbackTargets targets) {
        return new CallbackSender(vertx, targets, reported::put);
    }

    private static FunctionCaller.Answer answer(String body) {
        return new FunctionCaller.Answer(200, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain"),
                Buffer.buffer(body), null);
    }

    private static InetAddress address(String host, int... bytes) throws UnknownHostException {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return InetAddress.getByAddress(host, raw);
    }

    @Test
    void send_allowedName_resolvedOnce_connectsToThatAddressKeepingTheUrlsHost() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        CallbackTargets targets = new CallbackTargets(List.of("pinned.test"), host -> {
            lookups.incrementAndGet();
            return new InetAddress[] {address(host, 127, 0, 0, 1)};
        });
        String url = "http://pinned.test:" + receiver.port() + "/done?n=1";
        CallbackOutcome outcome;
        try (CallbackSender sender = sender(targets)) {
            outcome = sender.send("a1", url, answer("result")).get(30, SECONDS);
        }

        assertThat(outcome).isEqualTo(CallbackOutcome.delivered(url, 204));
        assertThat(receiver.next(Duration.ZERO))
                .isEqualTo(new CallbackReceiver.Received("/done?n=1", "pinned.test:" + receiver.port(), "a1", "result"));
        assertThat(lookups).as("one lookup: the client did not resolve the name again").hasValue(1);
        assertThat(reported).containsExactly(Map.entry("a1", outcome));
    }

    @Test
    void send_nameThatNowResolvesToLoopback_isRefusedNotSent_andReported() throws Exception {
        Deque<InetAddress> answers = new ArrayDeque<>(List.of(address("rebind.test", 203, 0, 113, 7),
                address("rebind.test", 127, 0, 0, 1)));
        String url = "http://rebind.test:" + receiver.port() + "/done";
        CallbackOutcome outcome;
        try (CallbackSender sender = sender(new CallbackTargets(List.of(), host -> new InetAddress[] {answers.pop()}))) {
            sender.admit(url).get(30, SECONDS);
            outcome = sender.send("a2", url, answer("secret")).get(30, SECONDS);
        }

        assertThat(outcome).isEqualTo(CallbackOutcome.refused(url, "not sent: callbacks may not go to rebind.test, which"
                + " resolves to 127.0.0.1, a loopback address; the server's operator can allow the host with skiff server"
                + " --allow-callback-host rebind.test"));
        assertThat(receiver.waiting()).isZero();
        assertThat(reported).containsExactly(Map.entry("a2", outcome));
    }

    @Test
    void send_redirect_isNotFollowed() throws Exception {
        CallbackOutcome outcome;
        try (CallbackSender sender = sender(new CallbackTargets(List.of("127.0.0.1")))) {
            outcome = sender.send("a3", receiver.url("/redirect"), answer("x")).get(30, SECONDS);
        }

        assertThat(outcome).isEqualTo(CallbackOutcome.delivered(receiver.url("/redirect"), 302));
        assertThat(receiver.next(Duration.ZERO).path()).isEqualTo("/redirect");
        assertThat(receiver.waiting()).as("nothing went to the redirect's target").isZero();
    }

    @Test
    void admit_forbiddenOrNotHttp_failsNamingTheHeader() {
        try (CallbackSender sender = sender(new CallbackTargets(List.of()))) {
            assertThatThrownBy(() -> sender.admit(receiver.url("/done")).get(30, SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ValidationException.class)
                    .hasMessage("X-Callback-Url: callbacks may not go to 127.0.0.1, a loopback address; the server's"
                            + " operator can allow the host with skiff server --allow-callback-host 127.0.0.1");
            assertThatThrownBy(() -> sender.admit("gopher://example.com/").get(30, SECONDS))
                    .cause().isInstanceOf(ValidationException.class)
                    .hasMessage("X-Callback-Url: 'gopher://example.com/' is not an http or https URL");
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void admit_nameThatDoesNotResolveYet_isTaken_andSendReportsItFailed() throws Exception {
        CallbackOutcome outcome;
        try (CallbackSender sender = sender(new CallbackTargets(List.of(), host -> {
            throw new UnknownHostException(host);
        }))) {
            sender.admit("https://later.test/done").get(30, SECONDS);
            outcome = sender.send("a4", "https://later.test/done", answer("x")).get(30, SECONDS);
        }

        assertThat(outcome).isEqualTo(CallbackOutcome.failed("https://later.test/done", "cannot resolve later.test"));
        assertThat(reported).containsExactly(Map.entry("a4", outcome));
    }
}
