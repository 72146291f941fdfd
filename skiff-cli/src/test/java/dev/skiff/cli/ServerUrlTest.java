package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerUrlTest {

    @Test
    void resolve_flagAndEnvGiven_flagWins() {
        assertThat(ServerUrl.resolve("http://a:1", Map.of(ServerUrl.ENV, "http://b:2"))).hasToString("http://a:1");
    }

    @Test
    void resolve_onlyEnvGiven_usesEnv() {
        assertThat(ServerUrl.resolve(null, Map.of(ServerUrl.ENV, "http://b:2/"))).hasToString("http://b:2");
    }

    @Test
    void resolve_nothingGiven_usesLocalDefault() {
        assertThat(ServerUrl.resolve(null, Map.of())).hasToString("http://127.0.0.1:8080");
    }

    @Test
    void resolve_trailingSlashAndPath_keepsPathWithoutSlash() {
        assertThat(ServerUrl.resolve("https://skiff.example.com/prefix/", Map.of()))
                .hasToString("https://skiff.example.com/prefix");
    }

    @Test
    void resolve_notAnHttpUrl_throwsNamingTheSource() {
        assertThatThrownBy(() -> ServerUrl.resolve("localhost:8080", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--server")
                .hasMessageContaining("localhost:8080");
        assertThatThrownBy(() -> ServerUrl.resolve(null, Map.of(ServerUrl.ENV, "ftp://x")))
                .hasMessageContaining(ServerUrl.ENV);
    }
}
