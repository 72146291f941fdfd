package dev.skiff.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void getRequest_target_isMinimalHttp11Get() {
        Target target = new Target("127.0.0.1", 8080, "/function/noop");

        assertThat(new String(target.getRequest(), StandardCharsets.ISO_8859_1))
                .isEqualTo("GET /function/noop HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
        assertThat(target.url()).isEqualTo("http://127.0.0.1:8080/function/noop");
    }

    @Test
    void new_pathWithoutSlash_throws() {
        assertThatThrownBy(() -> new Target("127.0.0.1", 80, "noop")).isInstanceOf(IllegalArgumentException.class);
    }
}
