package dev.skiff.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static final ZonedDateTime DATE = ZonedDateTime.of(2025, 3, 4, 5, 6, 7, 0, ZoneOffset.UTC);

    @Test
    void markdown_report_startsWithTitleDateAndMachine() {
        String markdown = report().markdown();

        assertThat(markdown).startsWith("""
                # Gateway

                Run on 2025-03-04T05:06:07Z.

                - **CPU**: Test CPU × 2
                - **Python**: Python 3.11.2
                """);
    }

    @Test
    void markdown_report_hasParagraphsThenTablesInOrder() {
        String markdown = report().markdown();

        assertThat(markdown).endsWith("""

                Some notes.

                ## Results

                | clients | req/s | p50 ms |
                | --- | ---: | ---: |
                | 1 | 100 | 0.050 |
                | 16 | 1,600 | 1.000 |
                """);
    }

    @Test
    void markdown_cellWithPipeAndNewline_escaped() {
        String markdown = new Table("t", "T", "a").row("x|y\nz").markdown();

        assertThat(markdown).contains("| x\\|y z |");
    }

    @Test
    void csv_report_oneLinePerValueWithMachineFirst() {
        assertThat(report().csv()).isEqualTo("""
                table,row,column,value
                machine,,date,2025-03-04T05:06:07Z
                machine,,CPU,Test CPU × 2
                machine,,Python,Python 3.11.2
                results,1,req/s,100
                results,1,p50 ms,0.050
                results,16,req/s,"1,600"
                results,16,p50 ms,1.000
                """);
    }

    @Test
    void csvField_commaQuoteOrNewline_quotedWithQuotesDoubled() {
        assertThat(Report.csvField("plain")).isEqualTo("plain");
        assertThat(Report.csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(Report.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Report.csvField("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void row_wrongNumberOfCells_throws() {
        Table table = new Table("t", "T", "a", "b");

        assertThatThrownBy(() -> table.row("only one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 columns");
    }

    @Test
    void write_directory_writesMarkdownAndCsv(@TempDir Path dir) throws IOException {
        Report report = report();

        report.write(dir.resolve("results"), "gateway");

        assertThat(Files.readString(dir.resolve("results/gateway.md"))).isEqualTo(report.markdown());
        assertThat(Files.readString(dir.resolve("results/gateway.csv"))).isEqualTo(report.csv());
    }

    private static Report report() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU", "Test CPU × 2");
        facts.put("Python", "Python 3.11.2");
        return new Report("Gateway", new Machine(facts), DATE)
                .paragraph("Some notes.")
                .table(new Table("results", "Results", "clients", "req/s", "p50 ms")
                        .row("1", "100", "0.050")
                        .row("16", "1,600", "1.000"));
    }
}
