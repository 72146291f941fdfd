package dev.skiff.cli;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A {@link FakeSkiffServer} started before each test and stopped after it: {@code @RegisterExtension}. */
final class FakeServerPerTest implements BeforeEachCallback, AfterEachCallback {
    private FakeSkiffServer server;

    /** The running test's server. */
    FakeSkiffServer server() {
        return server;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = FakeSkiffServer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }
}
