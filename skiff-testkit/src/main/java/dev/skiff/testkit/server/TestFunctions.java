package dev.skiff.testkit.server;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import java.util.List;

/** Functions tests deploy, built in one line. */
public final class TestFunctions {
    private TestFunctions() {}

    /** A python3 function whose handler is {@code main.handle} in a one-file source. */
    public static Function python(String name, String source) {
        return python(name, "main.handle", source);
    }

    /** A python3 function with {@code handler} in a one-file source, {@code main.py}. */
    public static Function python(String name, String handler, String source) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("python3")
                .handler(handler)
                .source(Source.text("main.py", source))
                .build());
    }

    /** An HTTP app run by {@code command} from a one-file source, mounting {@code volumes}. */
    public static Function httpApp(String name, String filename, String source, List<String> command, List<VolumeMount> volumes) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("http")
                .source(Source.text(filename, source))
                .command(command)
                .volumes(volumes)
                .build());
    }
}
