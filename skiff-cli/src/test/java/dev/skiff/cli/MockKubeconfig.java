package dev.skiff.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig whose only context, {@code mock}, points at fabric8's mock API server, namespace {@code team}. */
final class MockKubeconfig {

    private MockKubeconfig() {}

    /** Writes it in {@code dir} for the server at {@code masterUrl} and answers its path. */
    static Path write(Path dir, java.net.URL masterUrl) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                contexts:
                - name: mock
                  context: {cluster: mock, user: me, namespace: team}
                current-context: mock
                users:
                - name: me
                  user: {token: secret}
                """.formatted(masterUrl));
    }
}
