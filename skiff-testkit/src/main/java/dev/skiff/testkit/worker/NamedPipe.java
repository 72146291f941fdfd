package dev.skiff.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testkit.Patience;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A named pipe (FIFO) that holds a request in flight for as long as a test wants: the handler opens
 * it and reads to its end, so it is known to be running once the pipe has a reader, and it finishes
 * once the test writes its answer and closes the pipe. No polling, no sleeps.
 */
public final class NamedPipe {
    private final Path path;
    private OutputStream writer;

    private NamedPipe(Path path) {
        this.path = path;
    }

    /** Makes a named pipe at {@code path} (with {@code mkfifo}). */
    public static NamedPipe create(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        mkfifo.getOutputStream().close();
        String output = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mkfifo.waitFor(Patience.LIMIT.toSeconds(), TimeUnit.SECONDS)).as("mkfifo finished").isTrue();
        assertThat(mkfifo.exitValue()).as("mkfifo %s: %s", path, output).isZero();
        return new NamedPipe(path);
    }

    /** Where the pipe is. */
    public Path path() {
        return path;
    }

    /** Opens the pipe's writing end, which waits until a reader (the handler) has opened it: the request is then in flight. */
    public NamedPipe awaitReader() throws Exception {
        CompletableFuture<OutputStream> opened = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("named-pipe-writer").start(() -> {
            try {
                opened.complete(new FileOutputStream(path.toFile()));
            } catch (IOException e) {
                opened.completeExceptionally(e);
            }
        });
        writer = opened.get(Patience.LIMIT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Writes {@code text} and closes the pipe: the reader reads {@code text}, then its end. */
    public void release(String text) throws IOException {
        if (writer == null) {
            throw new IllegalStateException("release before awaitReader: nothing has opened " + path);
        }
        try (OutputStream out = writer) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
