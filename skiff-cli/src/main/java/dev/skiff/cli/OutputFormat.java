package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** How {@code list} and {@code describe} print: a readable table, or the server's document as JSON or YAML. */
public enum OutputFormat {
    /** Columns or {@code Key: value} lines for people. */
    TABLE,
    /** The server's JSON, indented. */
    JSON,
    /** The server's document as YAML, ready for {@code skiff deploy -f}. */
    YAML;

    /** Prints the server's {@code answer} as JSON or YAML, or, for a table, runs {@code table}. */
    public void print(CliContext context, JsonNode answer, Runnable table) {
        switch (this) {
            case JSON -> context.out().println(ServerDocuments.prettyJson(answer));
            case YAML -> context.out().print(ServerDocuments.yaml(answer));
            case TABLE -> table.run();
        }
    }
}
