package dev.skiff.core.workflow.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A run's jobs as CSV (RFC 4180, CRLF line ends): a header, then one row per job with its fixed
 * columns and every field of the timing records seen in any job, by its verbatim name. A cell that a
 * spreadsheet would take for a formula (starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a CR)
 * gets a leading {@code '}.
 */
public final class JobsCsv {
    private static final List<String> COLUMNS = List.of("id", "transformation", "function", "state", "attempts",
            "queued", "start", "end", "queue seconds", "duration seconds", "revision", "instance");

    private JobsCsv() {}

    /** The CSV text of {@code run}'s jobs; a running job's duration is left empty. */
    public static String render(RunReport run) {
        Set<String> fields = new LinkedHashSet<>();
        run.jobs().forEach(job -> fields.addAll(job.record().keySet()));
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(COLUMNS);
        header.addAll(fields);
        line(csv, header);
        for (ReportJob job : run.jobs()) {
            List<String> row = new ArrayList<>(List.of(job.id(), job.transformation(), text(job.function()), job.state(),
                    Integer.toString(job.attempts()), text(job.queued()), text(job.start()), text(job.end()),
                    text(Seconds.text(job.queueTime())), job.end() == null ? "" : text(Seconds.text(job.duration(null))),
                    text(job.revision()), text(job.instance())));
            fields.forEach(field -> row.add(text(job.record().get(field))));
            line(csv, row);
        }
        return csv.toString();
    }

    /** {@code value} as one CSV cell: inert for spreadsheets, quoted when it holds a comma, quote or line break. */
    static String cell(String value) {
        String inert = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quoted = inert.contains(",") || inert.contains("\"") || inert.contains("\n") || inert.contains("\r");
        return quoted ? "\"" + inert.replace("\"", "\"\"") + "\"" : inert;
    }

    private static void line(StringBuilder csv, List<String> cells) {
        csv.append(String.join(",", cells.stream().map(JobsCsv::cell).toList())).append("\r\n");
    }

    private static String text(Object value) {
        return Objects.toString(value, "");
    }
}
