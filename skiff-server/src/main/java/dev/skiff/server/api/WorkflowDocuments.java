package dev.skiff.server.api;

import dev.skiff.api.Function;
import dev.skiff.core.workflow.JobState;
import dev.skiff.server.workflows.JobEntry;
import dev.skiff.server.workflows.WorkflowRecord;
import dev.skiff.server.workflows.WorkflowView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A workflow as the API answers it: the Workflow document, with its jobs when the view has them. */
final class WorkflowDocuments {
    private WorkflowDocuments() {}

    /** The document of {@code view}; {@code jobs} only when the view holds them. */
    static Map<String, Object> of(WorkflowView view) {
        WorkflowRecord workflow = view.workflow();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", workflow.name());
        metadata.put("namespace", workflow.namespace());
        metadata.put("creationTimestamp", workflow.created());
        Map<String, Object> spec = workflow.spec();
        spec.put("jobs", view.jobCount());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            counts.put(lower(state), view.counts().getOrDefault(state, 0));
        }
        Map<String, Object> status = new LinkedHashMap<>();
        String state = view.status().state().name();
        status.put("state", state.charAt(0) + state.substring(1).toLowerCase(Locale.ROOT));
        status.put("counts", counts);
        status.put("startTime", view.status().startTime());
        status.put("completionTime", view.status().completionTime());
        status.put("message", view.status().message());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", Function.API_VERSION);
        document.put("kind", "Workflow");
        document.put("metadata", metadata);
        document.put("spec", spec);
        document.put("status", status);
        if (!view.jobs().isEmpty()) {
            List<Map<String, Object>> jobs = new ArrayList<>(view.jobs().size());
            view.jobs().forEach(job -> jobs.add(job(job)));
            document.put("jobs", jobs);
        }
        return document;
    }

    private static Map<String, Object> job(WorkflowView.Job job) {
        JobEntry entry = job.entry();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", entry.id());
        shown.put("transformation", job.transformation());
        shown.put("function", job.function());
        shown.put("state", lower(entry.state()));
        shown.put("attempts", entry.attempts());
        shown.put("queuedTime", entry.queuedTime());
        shown.put("startTime", entry.startTime());
        shown.put("completionTime", entry.completionTime());
        shown.put("revision", entry.revision());
        shown.put("instance", entry.instance());
        shown.put("activation", entry.activation());
        shown.put("record", entry.record());
        shown.put("error", entry.error());
        shown.put("arguments", job.spec().arguments());
        shown.put("inputs", job.spec().inputs());
        shown.put("outputs", job.spec().outputs());
        shown.put("parents", job.parents());
        return shown;
    }

    private static String lower(JobState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
