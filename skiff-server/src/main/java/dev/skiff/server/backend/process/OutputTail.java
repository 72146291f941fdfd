package dev.skiff.server.backend.process;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a starting worker wrote, kept to explain a failed start. */
final class OutputTail {
    private static final int LINES = 20;
    private final Deque<String> lines = new ArrayDeque<>(LINES);
    private String loadError;

    synchronized void add(String line) {
        if (lines.size() == LINES) {
            lines.pollFirst();
        }
        lines.addLast(line);
    }

    synchronized void loadError(String message) {
        loadError = message;
    }

    /** True when the worker reported a load error: its code, not its process, failed. */
    synchronized boolean hasLoadError() {
        return loadError != null;
    }

    /** The worker's own load error if it reported one, else its last lines. */
    synchronized String explain(String what) {
        if (loadError != null) {
            return loadError;
        }
        return lines.isEmpty() ? what : what + "; last output:\n" + String.join("\n", lines);
    }
}
