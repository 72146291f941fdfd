package dev.skiff.server.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Each function's log: what its instances wrote to stdout and stderr, one file per function
 * ({@code <dir>/<function>.log}, rotated once at {@link #ROTATE_BYTES}), plus live subscribers for
 * {@code skiff logs --follow}.
 */
public final class LogStore implements AutoCloseable {
    /** A log file is rotated to {@code .1} past this size, so at most twice it is kept. */
    public static final long ROTATE_BYTES = 8L << 20;
    private final Path dir;
    private final Map<String, LogFile> files = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> followers = new ConcurrentHashMap<>();
    private volatile LineObserver observer = (function, stamped) -> { };

    /** Told of every line of every function, as stamped (activation records keep their own lines). */
    @FunctionalInterface
    public interface LineObserver {
        /** A line was appended to {@code function}'s log. */
        void line(String function, String stamped);
    }

    /** A store writing under {@code dir}, created if missing. */
    public LogStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log directory " + dir, e);
        }
    }

    /** Appends one line, stamped with the time and its source (revision and instance). */
    public void append(String function, String source, String line) {
        String stamped = Instant.now() + " " + source + " " + line;
        files.computeIfAbsent(function, f -> new LogFile(dir.resolve(f + ".log"))).write(stamped);
        observer.line(function, stamped);
        List<Consumer<String>> live = followers.get(function);
        if (live != null) {
            live.forEach(follower -> follower.accept(stamped));
        }
    }

    /** The last {@code count} lines of the function's log, oldest first. */
    public List<String> tail(String function, int count) {
        Deque<String> last = new ArrayDeque<>(Math.min(count, 4096));
        for (Path file : List.of(dir.resolve(function + ".log.1"), dir.resolve(function + ".log"))) {
            if (!Files.exists(file)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lines.forEach(line -> {
                    if (last.size() == count) {
                        last.pollFirst();
                    }
                    if (count > 0) {
                        last.addLast(line);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                throw new UncheckedIOException("cannot read the log of " + function,
                        e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
            }
        }
        return new ArrayList<>(last);
    }

    /** Calls {@code follower} with every new line of the function's log until the result is closed. */
    public AutoCloseable follow(String function, Consumer<String> follower) {
        followers.computeIfAbsent(function, f -> new CopyOnWriteArrayList<>()).add(follower);
        return () -> followers.getOrDefault(function, List.of()).remove(follower);
    }

    /** Sets the one observer of every line. */
    public void observe(LineObserver lineObserver) {
        this.observer = lineObserver;
    }

    /** Deletes the function's log files. */
    public void delete(String function) {
        LogFile file = files.remove(function);
        if (file != null) {
            file.close();
        }
        try {
            Files.deleteIfExists(dir.resolve(function + ".log"));
            Files.deleteIfExists(dir.resolve(function + ".log.1"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the log of " + function, e);
        }
    }

    @Override
    public void close() {
        files.values().forEach(LogFile::close);
        files.clear();
    }

    /** One open, appending log file. */
    private static final class LogFile {
        private final Path path;
        private OutputStream out;
        private long size;

        LogFile(Path path) {
            this.path = path;
        }

        synchronized void write(String line) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                if (out == null) {
                    open();
                }
                if (size + bytes.length > ROTATE_BYTES) {
                    out.close();
                    Files.move(path, path.resolveSibling(path.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                    open();
                }
                out.write(bytes);
                out.flush();
                size += bytes.length;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the log " + path, e);
            }
        }

        private void open() throws IOException {
            out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            size = Files.size(path);
        }

        synchronized void close() {
            try {
                if (out != null) {
                    out.close();
                    out = null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the log " + path, e);
            }
        }
    }
}
