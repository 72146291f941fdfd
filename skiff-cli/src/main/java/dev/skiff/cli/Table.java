package dev.skiff.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns, as kubectl prints them; a missing cell shows as {@code -}. */
public final class Table {
    private static final String GAP = "   ";
    private static final String MISSING = "-";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column headers. */
    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /** Adds a row with one cell per column; null or blank cells print as {@code -}. */
    public Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row needs " + headers.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (String cell : cells) {
            row.add(cell == null || cell.isBlank() ? MISSING : cell.replace('\n', ' '));
        }
        rows.add(row);
        return this;
    }

    /** The table's text: the header line, then one line per row, each ending in a newline, no trailing spaces. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, headers, widths);
        rows.forEach(row -> line(text, row, widths));
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length())).append(GAP);
            }
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
