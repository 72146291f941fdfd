package dev.skiff.core.workflow.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A run as a WfCommons WfFormat 1.5 execution instance, as maps and lists ready to be written as JSON:
 * the specification (tasks with parents, children and files; every file's size is 0, since Skiff does
 * not know it) and, once a job started, the execution (each started task's runtime, command and machine, a
 * machine being its {@link ReportJob#lane()} when that is a host name).
 */
public final class WfFormatInstance {
    /** The WfFormat version written. */
    public static final String SCHEMA_VERSION = "1.5";
    private static final Pattern ID = Pattern.compile("[0-9a-zA-Z_.-]*");
    private static final Pattern HOSTNAME = Pattern.compile("[0-9a-zA-Z]([0-9a-zA-Z-]{0,61}[0-9a-zA-Z])?"
            + "(\\.[0-9a-zA-Z]([0-9a-zA-Z-]{0,61}[0-9a-zA-Z])?)*");

    private WfFormatInstance() {}

    /**
     * Who made an instance, as WfFormat's {@code author} names them.
     *
     * @param name their name
     * @param email their email address
     */
    public record Author(String name, String email) {}

    /**
     * The instance of {@code run}, made at {@code now} (running jobs count up to it); {@code author} may be null.
     *
     * @throws IllegalArgumentException naming the job ids or files that WfFormat's id pattern refuses
     */
    public static Map<String, Object> of(RunReport run, Author author, Instant now) {
        check(run);
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("name", run.name());
        instance.put("description", "Run of workflow " + run.name() + " on Skiff (" + run.state() + ")");
        instance.put("createdAt", now.toString());
        instance.put("schemaVersion", SCHEMA_VERSION);
        if (author != null) {
            instance.put("author", Map.of("name", author.name(), "email", author.email()));
        }
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("specification", specification(run));
        List<ReportJob> started = run.jobs().stream().filter(ReportJob::started).toList();
        if (!started.isEmpty()) {
            workflow.put("execution", execution(run, started, now));
        }
        instance.put("workflow", workflow);
        return instance;
    }

    private static Map<String, Object> specification(RunReport run) {
        Map<String, List<String>> children = new LinkedHashMap<>();
        run.jobs().forEach(job -> job.parents().forEach(
                parent -> children.computeIfAbsent(parent, p -> new ArrayList<>()).add(job.id())));
        List<Object> tasks = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        for (ReportJob job : run.jobs()) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("name", job.transformation());
            task.put("id", job.id());
            task.put("parents", job.parents());
            task.put("children", children.getOrDefault(job.id(), List.of()));
            task.put("inputFiles", job.inputs());
            task.put("outputFiles", job.outputs());
            tasks.add(task);
            files.addAll(job.inputs());
            files.addAll(job.outputs());
        }
        Map<String, Object> specification = new LinkedHashMap<>();
        specification.put("tasks", tasks);
        specification.put("files", files.stream().map(file -> Map.of("id", file, "sizeInBytes", 0)).toList());
        return specification;
    }

    private static Map<String, Object> execution(RunReport run, List<ReportJob> started, Instant now) {
        Instant origin = run.origin();
        Instant end = run.end() != null ? run.end() : now;
        List<Object> tasks = new ArrayList<>();
        Set<String> machines = new LinkedHashSet<>();
        for (ReportJob job : started) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", job.id());
            Duration command = RecordTimes.command(job);
            task.put("runtimeInSeconds", Seconds.value(command != null ? command : job.duration(now)));
            task.put("executedAt", job.start().toString());
            task.put("command", Map.of("program", job.transformation(),
                    "arguments", job.arguments().stream().filter(argument -> !argument.isEmpty()).toList()));
            if (!job.lane().equals(ReportJob.UNKNOWN_LANE) && job.lane().length() <= 253
                    && HOSTNAME.matcher(job.lane()).matches()) {
                task.put("machine", job.lane());
                machines.add(job.lane());
            }
            tasks.add(task);
        }
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("makespanInSeconds", Seconds.value(Duration.between(origin, end.isBefore(origin) ? origin : end)));
        execution.put("executedAt", origin.toString());
        execution.put("tasks", tasks);
        if (!machines.isEmpty()) {
            execution.put("machines", machines.stream().map(machine -> Map.of("nodeName", machine)).toList());
        }
        return execution;
    }

    private static void check(RunReport run) {
        Set<String> refused = new LinkedHashSet<>();
        for (ReportJob job : run.jobs()) {
            List<String> ids = new ArrayList<>(List.of(job.id()));
            ids.addAll(job.inputs());
            ids.addAll(job.outputs());
            ids.stream().filter(id -> id.isEmpty() || !ID.matcher(id).matches()).forEach(refused::add);
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("WfFormat allows only letters, digits, '-', '_' and '.' in job and file ids; "
                    + "not in: " + String.join(", ", refused));
        }
    }
}
