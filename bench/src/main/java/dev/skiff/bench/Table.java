package dev.skiff.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One table of a report: a name for the CSV, a title for the Markdown, column headings and rows of
 * already formatted cells. The first column names the row.
 */
public final class Table {
    private final String name;
    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    /** An empty table; {@code name} identifies it in the CSV, {@code title} heads it in the Markdown. */
    public Table(String name, String title, String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.name = name;
        this.title = title;
        this.columns = List.of(columns);
    }

    /** Adds a row; it must have one cell per column. */
    public Table row(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("table " + name + " has " + columns.size() + " columns, not " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table's name in the CSV. */
    public String name() {
        return name;
    }

    /** The column headings. */
    public List<String> columns() {
        return columns;
    }

    /** The rows, each a list of cells. */
    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    /** The table as a Markdown section: its title as a level-2 heading, then a pipe table. */
    public String markdown() {
        StringBuilder out = new StringBuilder("## ").append(title).append("\n\n");
        appendRow(out, columns);
        out.append('|');
        for (int i = 0; i < columns.size(); i++) {
            out.append(i == 0 ? " --- |" : " ---: |");
        }
        out.append('\n');
        rows.forEach(row -> appendRow(out, row));
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(escape(cell)).append(" |");
        }
        out.append('\n');
    }

    /** A cell's text made safe inside a pipe table: pipes escaped, line breaks turned into spaces. */
    static String escape(String cell) {
        return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
