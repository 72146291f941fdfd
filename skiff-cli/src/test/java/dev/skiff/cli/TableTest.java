package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void render_rowsOfDifferentWidths_alignsColumnsWithoutTrailingSpaces() {
        String text = new Table(List.of("NAME", "READY", "URL"))
                .row("hello", "True", "http://x/function/hello")
                .row("a-much-longer-name", null, "")
                .render();

        assertThat(text).isEqualTo("""
                NAME                 READY   URL
                hello                True    http://x/function/hello
                a-much-longer-name   -       -
                """);
    }

    @Test
    void row_cellWithNewline_staysOnOneLine() {
        String text = new Table(List.of("MESSAGE")).row("two\nlines").render();

        assertThat(text).isEqualTo("MESSAGE\ntwo lines\n");
    }

    @Test
    void row_wrongNumberOfCells_throws() {
        assertThatThrownBy(() -> new Table(List.of("A", "B")).row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
