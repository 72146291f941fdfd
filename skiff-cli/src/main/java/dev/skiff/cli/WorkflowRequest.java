package dev.skiff.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import dev.skiff.api.MalformedDocumentException;
import dev.skiff.api.ValidationException;
import dev.skiff.core.workflow.FunctionMap;
import dev.skiff.core.workflow.WorkflowDefinition;
import dev.skiff.core.workflow.Workflows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The body of {@code POST /api/v1/workflows} for {@code skiff workflow run}, built only once the file
 * parses and every transformation in it has a function, so a bad file fails here without a round trip.
 *
 * @param file the Pegasus 5 or WfFormat workflow file
 * @param function the default function, or null
 * @param map the {@code TRANSFORMATION=FUNCTION} entries
 * @param rundir the run directory
 * @param name the workflow's name, or null for the server to choose one
 * @param runId the run's ID, or null
 * @param parallelism the most jobs running at once, or null
 * @param retries the retries of a failed job, or null
 */
record WorkflowRequest(Path file, String function, List<String> map, String rundir, String name, String runId,
                       Integer parallelism, Integer retries) {

    /** The request document; a {@link CliException} saying what is wrong with the file (naming it) or the mapping. */
    ObjectNode document() {
        String text = read();
        WorkflowDefinition workflow;
        try {
            workflow = Workflows.parse(text);
        } catch (ValidationException | MalformedDocumentException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
        FunctionMap functions;
        try {
            functions = FunctionMap.of(function, map);
            functions.check(workflow);
        } catch (ValidationException e) {
            throw new CliException(e.getMessage());
        }
        ObjectNode node = Documents.json().createObjectNode();
        ObjectNode metadata = node.putObject("metadata");
        if (name != null) {
            metadata.put("name", name);
        }
        ObjectNode spec = node.putObject("spec");
        spec.put("workflow", text);
        if (function != null) {
            spec.put("function", function);
        }
        if (!functions.mappings().isEmpty()) {
            ObjectNode mapped = spec.putObject("map");
            functions.mappings().forEach(mapped::put);
        }
        spec.put("rundir", rundir);
        if (runId != null) {
            spec.put("runId", runId);
        }
        if (parallelism != null) {
            spec.put("parallelism", parallelism);
        }
        if (retries != null) {
            spec.put("retries", retries);
        }
        return node;
    }

    private String read() {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException("no workflow file " + file);
        } catch (IOException e) {
            throw new CliException("cannot read the workflow file " + file + ": " + e.getMessage());
        }
    }
}
