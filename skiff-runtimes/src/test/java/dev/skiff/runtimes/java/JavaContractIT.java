package dev.skiff.runtimes.java;

import dev.skiff.runtimes.LanguageContract;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.RevisionFiles;

/**
 * The worker contract for the real Java worker on this JDK, all of it but the Unix socket: the Java
 * worker serves the port only (docs/worker-contract.md), so this class does not implement ServesUnixSocket.
 */
class JavaContractIT extends LanguageContract {
    private static final String FIXTURE = """
            package demo;

            import dev.skiff.function.Context;
            import dev.skiff.function.Request;
            import dev.skiff.function.SkiffFunction;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.Arrays;
            import java.util.Map;

            public class Contract implements SkiffFunction {
                public Object handle(Request request, Context context) throws Exception {
                    switch (request.path()) {
                        case "/echo": return request.body();
                        case "/slow": return Files.readString(Path.of(request.bodyAsString()));
                        case "/print":
                            System.out.println("printed by the handler");
                            return "ok";
                        case "/throw": throw new IllegalStateException("no config");
                        case "/json": return Map.of("a", Arrays.asList(1, 2.5, true, null));
                        case "/number": return 42;
                        case "/text": return "héllo";
                        case "/bytes": return new byte[] {0, 1, (byte) 0xff};
                        case "/none": return null;
                        case "/made":
                            context.setStatus(201);
                            context.setHeader("X-Made", "yes");
                            return "made";
                        case "/html":
                            context.setHeader("Content-Type", "text/html");
                            return "<p>hi</p>";
                        default: throw new IllegalArgumentException("no route " + request.path());
                    }
                }
            }
            """;

    JavaContractIT() {
        super(JavaRuntime::new, new Fixture("demo/Contract.java", FIXTURE, "demo.Contract", "IllegalStateException: no config",
                "at demo.Contract.handle(Contract.java:19)"));
    }

    /** Compiles the fixture and makes its start-up cache, as a deploy does. */
    @Override
    protected void prepare(LanguageRuntime runtime, RevisionFiles files) throws Exception {
        runtime.prepare(files, JavaSources.spec("demo.Contract", "demo/Contract.java", FIXTURE));
    }
}
