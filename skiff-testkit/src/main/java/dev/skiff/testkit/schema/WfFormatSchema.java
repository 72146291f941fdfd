package dev.skiff.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository's WfFormat 1.5 schema (docs/schemas), to check workflow exports against from a module's tests. */
public final class WfFormatSchema {
    private static final Path FILE = Path.of("..", "docs", "schemas", "wfformat-1.5.schema.json");

    private WfFormatSchema() {}

    /** What is wrong with {@code instance}, one message per error; empty when it is a valid instance. */
    public static List<String> errors(JsonNode instance) throws IOException {
        try (InputStream in = Files.newInputStream(FILE)) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
            return schema.validate(instance).stream().map(Error::toString).toList();
        }
    }
}
