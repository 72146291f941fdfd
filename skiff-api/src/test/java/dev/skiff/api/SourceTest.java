package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceTest {
    @Test
    void needsFilename_onlyForASingleFileWithoutOne() {
        assertThat(new Source(null, "x", null).needsFilename()).isTrue();
        assertThat(new Source(" ", "x", "base64").needsFilename()).isTrue();
        assertThat(Source.text("a.py", "x").needsFilename()).isFalse();
        assertThat(Source.binary(null, new byte[] {1}, Source.ContentType.ZIP).needsFilename()).isFalse();
    }

    @Test
    void named_keepsContentAndType() {
        Source named = new Source(null, "print(1)", "text").named("main.py");
        assertThat(named).isEqualTo(Source.text("main.py", "print(1)"));
    }

    @Test
    void bytes_decodesBase64WithLineBreaks() {
        Source source = new Source("a.bin", "AQID\nBA==", "base64");
        assertThat(source.bytes()).containsExactly(1, 2, 3, 4);
    }
}
