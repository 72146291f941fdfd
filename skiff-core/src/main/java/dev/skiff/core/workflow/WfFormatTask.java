package dev.skiff.core.workflow;

import dev.skiff.api.FieldError;
import dev.skiff.api.Quote;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One WfFormat task, read, with its {@code parents} and {@code children} as the file names them,
 * before they are checked against the other tasks.
 *
 * @param spec the job
 * @param parents the tasks it runs after, as referred to
 * @param children the tasks that run after it, as referred to
 * @param field the task's path in the file, for messages
 */
record WfFormatTask(JobSpec spec, List<String> parents, List<String> children, String field) {
    /**
     * Adds the dependencies of {@code tasks} to {@code edges}; {@code resolve} turns a reference into
     * a job ID, or null when it names no task (noted).
     */
    static void link(List<WfFormatTask> tasks, UnaryOperator<String> resolve, DagEdges edges, List<FieldError> errors) {
        for (WfFormatTask task : tasks) {
            String id = task.spec().id();
            for (int p = 0; p < task.parents().size(); p++) {
                String parent = resolve(task.parents().get(p), resolve, task.field() + ".parents[" + p + "]", errors);
                if (parent != null) {
                    edges.add(parent, id);
                }
            }
            for (int c = 0; c < task.children().size(); c++) {
                String child = resolve(task.children().get(c), resolve, task.field() + ".children[" + c + "]", errors);
                if (child != null) {
                    edges.add(id, child);
                }
            }
        }
    }

    private static String resolve(String reference, UnaryOperator<String> resolve, String field, List<FieldError> errors) {
        String id = resolve.apply(reference);
        if (id == null) {
            errors.add(new FieldError(field, "no task " + Quote.value(reference)));
        }
        return id;
    }
}
