package dev.skiff.server.control;

import dev.skiff.api.Function;
import dev.skiff.runtimes.FileTrees;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start does before serving: deletes the code no stored revision owns (left by a crash
 * mid-deploy or mid-delete), then installs every stored function's route again. A function that
 * cannot be served is logged and skipped; the others serve.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private final Store store;
    private final RevisionPaths paths;
    private final TrafficResolver traffic;
    private final RouteTable routes;

    Recovery(Store store, RevisionPaths paths, TrafficResolver traffic, RouteTable routes) {
        this.store = store;
        this.paths = paths;
        this.traffic = traffic;
        this.routes = routes;
    }

    /** Removes orphaned code, then serves every stored function again. */
    void restore() {
        removeOrphans();
        for (Function function : store.functions().stream().map(FunctionDocuments::withTrafficDefault).toList()) {
            try {
                routes.set(function.key(), traffic.resolve(function));
            } catch (RuntimeException e) {
                LOG.error("cannot serve {} again: {}", function.key(), e.getMessage());
            }
        }
    }

    private void removeOrphans() {
        if (!Files.isDirectory(paths.root())) {
            return;
        }
        try (Stream<Path> functionDirs = Files.list(paths.root())) {
            functionDirs.forEach(dir -> {
                if (store.function(dir.getFileName().toString()).isEmpty()) {
                    FileTrees.delete(dir);
                } else {
                    removeOrphanRevisions(dir);
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", paths.root(), e.getMessage());
        }
    }

    private void removeOrphanRevisions(Path functionDir) {
        try (Stream<Path> revisionDirs = Files.list(functionDir)) {
            revisionDirs.filter(r -> store.revision(r.getFileName().toString()).isEmpty()).forEach(FileTrees::delete);
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", functionDir, e.getMessage());
        }
    }
}
