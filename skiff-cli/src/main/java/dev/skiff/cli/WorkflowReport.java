package dev.skiff.cli;

import static dev.skiff.cli.WorkflowJson.instant;
import static dev.skiff.cli.WorkflowJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.core.workflow.report.ReportJob;
import dev.skiff.core.workflow.report.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The server's workflow document (with its jobs) as the reports' {@link RunReport}. */
final class WorkflowReport {
    private WorkflowReport() {}

    /** The report of {@code workflow}; fields the document lacks are null or empty. */
    static RunReport of(JsonNode workflow) {
        List<ReportJob> jobs = new ArrayList<>();
        for (JsonNode job : workflow.path("jobs")) {
            jobs.add(new ReportJob(job.path("id").asText(), job.path("transformation").asText(), text(job.path("function")),
                    job.path("state").asText("unknown"), job.path("attempts").asInt(), instant(job.path("queuedTime")),
                    instant(job.path("startTime")), instant(job.path("completionTime")), text(job.path("revision")),
                    text(job.path("instance")), record(job.path("record")), texts(job.path("arguments")),
                    texts(job.path("inputs")), texts(job.path("outputs")), texts(job.path("parents"))));
        }
        return new RunReport(workflow.at("/metadata/name").asText(), workflow.at("/status/state").asText("Unknown"),
                instant(workflow.at("/status/startTime")), instant(workflow.at("/status/completionTime")), jobs);
    }

    /** Each field of a timing record as text: strings as they are, numbers and others as JSON. */
    private static Map<String, String> record(JsonNode record) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            JsonNode value = field.getValue();
            fields.put(field.getKey(), value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString());
        }
        return fields;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
