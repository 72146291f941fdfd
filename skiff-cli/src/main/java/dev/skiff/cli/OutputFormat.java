package dev.skiff.cli;

/** How {@code list} and {@code describe} print: a readable table, or the server's document as JSON or YAML. */
public enum OutputFormat {
    /** Columns or {@code Key: value} lines for people. */
    TABLE,
    /** The server's JSON, indented. */
    JSON,
    /** The server's document as YAML, ready for {@code skiff deploy -f}. */
    YAML
}
