package dev.skiff.core.workflow.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's Gantt chart as SVG: one lane per place jobs ran ({@link ReportJob#lane()}), each started job
 * a bar coloured by its transformation from a fixed palette, a time axis in seconds from the run's start,
 * a legend and a tooltip per bar. Failed jobs have a dashed red outline; a running job reaches "now".
 * Every piece of text is escaped, so ids and records from user files stay inert.
 */
public final class GanttSvg {
    private static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2",
            "#edc948", "#9c755f", "#ff9da7", "#bab0ac", "#e15759");
    private static final int WIDTH = 960;
    private static final int LEFT = 180;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int LANE = 28;
    private static final int LABEL = 24;

    private GanttSvg() {}

    /** The SVG document of {@code run}, with running jobs drawn up to {@code now}. */
    public static String render(RunReport run, Instant now) {
        List<ReportJob> started = run.jobs().stream().filter(ReportJob::started).toList();
        Instant origin = run.origin() != null ? run.origin() : now;
        double span = Math.max(1, seconds(origin, end(run, started, now)));
        double scale = (WIDTH - LEFT - RIGHT) / span;
        Map<String, Integer> lanes = new LinkedHashMap<>();
        started.forEach(job -> lanes.putIfAbsent(job.lane(), lanes.size()));
        Map<String, String> colours = new LinkedHashMap<>();
        run.jobs().forEach(job -> colours.putIfAbsent(job.transformation(), PALETTE.get(colours.size() % PALETTE.size())));
        int axis = TOP + Math.max(1, lanes.size()) * LANE;
        int height = axis + 40 + colours.size() * 18 + 10;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        String title = SvgText.escape(run.name() + " (" + run.state() + ")");
        svg.append("<title>").append(title).append("</title>\n");
        svg.append("<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">").append(title).append("</text>\n");
        lanes.forEach((lane, index) -> svg.append("<text x=\"10\" y=\"").append(TOP + index * LANE + 18).append("\">")
                .append(SvgText.escape(shortened(lane))).append("<title>").append(SvgText.escape(lane))
                .append("</title></text>\n"));
        for (ReportJob job : started) {
            bar(svg, job, LEFT + seconds(origin, job.start()) * scale, TOP + lanes.get(job.lane()) * LANE,
                    Math.max(1, job.duration(now).toMillis() / 1000.0 * scale), colours.get(job.transformation()), now);
        }
        axis(svg, axis, span, scale);
        legend(svg, colours, axis + 40);
        return svg.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder svg, ReportJob job, double x, int y, double width, String colour, Instant now) {
        svg.append("<rect class=\"job").append(job.failed() ? " failed" : "").append("\" data-lane=\"")
                .append(SvgText.escape(job.lane())).append("\" x=\"").append(number(x)).append("\" y=\"").append(y + 4)
                .append("\" width=\"").append(number(width)).append("\" height=\"").append(LANE - 8)
                .append("\" fill=\"").append(colour).append('"');
        if (job.failed()) {
            svg.append(" stroke=\"#d62728\" stroke-width=\"2\" stroke-dasharray=\"4 2\"");
        }
        if (job.end() == null) {
            svg.append(" fill-opacity=\"0.6\"");
        }
        svg.append("><title>").append(SvgText.escape(job.id() + " " + job.transformation() + ": "
                + Seconds.text(job.duration(now)) + " s, attempt " + job.attempts() + ", " + job.state()))
                .append("</title></rect>\n");
    }

    private static void axis(StringBuilder svg, int y, double span, double scale) {
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y2=\"").append(y).append("\" stroke=\"#333\"/>\n");
        double step = step(span);
        for (double tick = 0; tick <= span + 1e-9; tick += step) {
            String x = number(LEFT + tick * scale);
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(TOP).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(y + 4).append("\" stroke=\"#ddd\"/>\n");
            svg.append("<text x=\"").append(x).append("\" y=\"").append(y + 18).append("\" text-anchor=\"middle\">")
                    .append(number(tick)).append(" s</text>\n");
        }
    }

    private static void legend(StringBuilder svg, Map<String, String> colours, int top) {
        int row = 0;
        for (Map.Entry<String, String> entry : colours.entrySet()) {
            int y = top + row++ * 18;
            svg.append("<rect class=\"legend\" x=\"").append(LEFT).append("\" y=\"").append(y).append("\" width=\"12\" ")
                    .append("height=\"12\" fill=\"").append(entry.getValue()).append("\"/>\n");
            svg.append("<text x=\"").append(LEFT + 18).append("\" y=\"").append(y + 11).append("\">")
                    .append(SvgText.escape(entry.getKey())).append("</text>\n");
        }
    }

    /** A tick step of 1, 2 or 5 times a power of ten, giving at most ten ticks over {@code span} seconds. */
    static double step(double span) {
        double step = Math.pow(10, Math.floor(Math.log10(span / 10)));
        for (int factor : new int[] {1, 2, 5, 10}) {
            if (span / (step * factor) <= 10) {
                return step * factor;
            }
        }
        return step * 10;
    }

    private static Instant end(RunReport run, List<ReportJob> started, Instant now) {
        Instant end = run.end();
        for (ReportJob job : started) {
            Instant jobEnd = job.end() != null ? job.end() : now;
            end = end == null || jobEnd.isAfter(end) ? jobEnd : end;
        }
        return end != null ? end : now;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String shortened(String lane) {
        return lane.length() <= LABEL ? lane : lane.substring(0, LABEL - 1) + "\u2026";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
