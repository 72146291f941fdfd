package dev.skiff.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's results: the machine and date, then paragraphs and tables in the order added.
 * Written as Markdown for people and as a long-format CSV for tools, with one line per value:
 * {@code table,row,column,value}, the machine's facts under the table {@code machine}.
 */
public final class Report {
    private static final String CSV_HEADER = "table,row,column,value";
    private final String title;
    private final Machine machine;
    private final ZonedDateTime date;
    private final List<String> sections = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();

    /** An empty report of a run made on {@code machine} at {@code date}. */
    public Report(String title, Machine machine, ZonedDateTime date) {
        this.title = title;
        this.machine = machine;
        this.date = date;
    }

    /** Adds a paragraph of Markdown text. */
    public Report paragraph(String markdown) {
        sections.add(markdown.strip() + "\n");
        return this;
    }

    /** Adds a table. */
    public Report table(Table table) {
        sections.add(table.markdown());
        tables.add(table);
        return this;
    }

    /** The report in Markdown: title, date and machine first. */
    public String markdown() {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        out.append("Run on ").append(formattedDate()).append(".\n\n");
        for (Map.Entry<String, String> fact : machine.facts().entrySet()) {
            out.append("- **").append(fact.getKey()).append("**: ").append(fact.getValue()).append('\n');
        }
        for (String section : sections) {
            out.append('\n').append(section);
        }
        return out.toString();
    }

    /** The report as CSV: a header, the date and machine, then every cell of every table but the row names. */
    public String csv() {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        appendCsv(out, "machine", "", "date", formattedDate());
        machine.facts().forEach((label, value) -> appendCsv(out, "machine", "", label, value));
        for (Table table : tables) {
            List<String> columns = table.columns();
            for (List<String> row : table.rows()) {
                for (int i = 1; i < columns.size(); i++) {
                    appendCsv(out, table.name(), row.get(0), columns.get(i), row.get(i));
                }
            }
        }
        return out.toString();
    }

    /** Writes {@code <name>.md} and {@code <name>.csv} into {@code directory}, replacing old ones. */
    public void write(Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(name + ".md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(name + ".csv"), csv(), StandardCharsets.UTF_8);
    }

    private String formattedDate() {
        return date.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static void appendCsv(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(csvField(fields[i]));
        }
        out.append('\n');
    }

    /** A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or line break. */
    static String csvField(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
