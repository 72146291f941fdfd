package dev.skiff.runtimes;

import dev.skiff.testkit.worker.FollowsStopRules;
import dev.skiff.testkit.worker.RunsHandlers;
import dev.skiff.testkit.worker.SpeaksHttp11;
import dev.skiff.testkit.worker.WorkerContract;
import dev.skiff.testkit.worker.WorkerHarness;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The worker contract suite for one of this module's language runtimes, whose bootstrap serves HTTP/1.1,
 * follows the stop rules and calls the function's handler: a subclass names the runtime and its
 * fixture, one file of code routing as {@link RunsHandlers} and the suite's fixture say, and adds
 * {@code ServesUnixSocket} when its worker serves one.
 */
public abstract class LanguageContract extends WorkerContract implements SpeaksHttp11, FollowsStopRules, RunsHandlers {
    private final Function<RuntimeConfig, LanguageRuntime> newRuntime;
    private final Fixture fixture;
    private LanguageRuntime runtime;
    private RevisionFiles files;

    /**
     * The fixture of one language.
     *
     * @param file its file, a path under the code directory
     * @param source its code
     * @param handler the handler naming it, in the runtime's form
     * @param thrownMessage what {@link RunsHandlers#thrownMessage} says
     * @param stackFrame what {@link RunsHandlers#stackFrame} says
     */
    public record Fixture(String file, String source, String handler, String thrownMessage, String stackFrame) {}

    /** The suite for the runtime {@code newRuntime} makes, serving {@code fixture}. */
    protected LanguageContract(Function<RuntimeConfig, LanguageRuntime> newRuntime, Fixture fixture) {
        this.newRuntime = newRuntime;
        this.fixture = fixture;
    }

    /** Prepares the fixture's revision as a deploy would, before any worker starts; nothing to do unless overridden. */
    protected void prepare(LanguageRuntime runtime, RevisionFiles files) throws Exception {
        // Interpreted languages run the code as written.
    }

    /** Writes the fixture's one file under {@code dir} and prepares it. */
    @Override
    protected final void writeFixture(Path dir) throws Exception {
        runtime = newRuntime.apply(Workers.config(dir));
        files = Workers.code(dir, fixture.file(), fixture.source());
        prepare(runtime, files);
    }

    /** Starts a worker of the fixture and waits for SKIFF-READY. */
    @Override
    public final WorkerHarness start(Map<String, String> env) throws Exception {
        return WorkerHarness.start(Workers.launch(runtime, files, fixture.handler()).withEnv(env)).awaitReady();
    }

    /** The fixture's thrown message. */
    @Override
    public final String thrownMessage() {
        return fixture.thrownMessage();
    }

    /** The fixture's stack frame. */
    @Override
    public final String stackFrame() {
        return fixture.stackFrame();
    }
}
