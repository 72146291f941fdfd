package dev.skiff.server.api;

import dev.skiff.api.Documents;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Volume;
import dev.skiff.server.control.VolumeFiles;
import dev.skiff.server.control.VolumeService;
import dev.skiff.server.errors.Errors;
import io.vertx.ext.web.RoutingContext;
import java.io.Closeable;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The volumes API under {@code /api/v1/volumes}: create, list, get, delete, and files in and out (docs/api.md). */
public final class VolumesApi {
    /** Answers to a file GET say whether they are a file's bytes or a directory's JSON listing. */
    public static final String ENTRY_TYPE_HEADER = "X-Skiff-Entry-Type";
    private static final String FILES = "/files";
    private final VolumeService volumes;

    /** An API over these volumes. */
    public VolumesApi(VolumeService volumes) {
        this.volumes = volumes;
    }

    /** {@code POST /api/v1/volumes}: creates it; one on a host directory ({@code path}) only with an admin token. */
    public void create(RoutingContext ctx) {
        java.util.Optional<dev.skiff.server.auth.TokenRecord> token = Access.token(ctx);
        String namespace = NamespacePaths.of(ctx);
        Blocking.reply(ctx, 201, () -> {
            Volume volume = Documents.read(Bodies.text(ctx), Volume.class);
            if (volume.path() != null && token.isPresent() && !token.get().role().covers(dev.skiff.server.auth.Role.ADMIN)) {
                throw Access.forbidden(token.get(), dev.skiff.server.auth.Role.ADMIN,
                        "a volume on a host directory (path " + volume.path() + ")");
            }
            return shown(volumes.create(namespace, volume));
        });
    }

    /** {@code GET /api/v1/volumes}: lists those of the request's namespace. */
    public void list(RoutingContext ctx) {
        String namespace = NamespacePaths.of(ctx);
        Blocking.reply(ctx, 200, () -> Map.of("items", volumes.list().stream()
                .filter(volume -> Namespaces.namespaceOf(volume.name()).equals(namespace)).map(VolumesApi::shown).toList()));
    }

    /** {@code GET /api/v1/volumes/:name}: answers it. */
    public void get(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> shown(volumes.get(name(ctx))));
    }

    /** {@code DELETE /api/v1/volumes/:name}: deletes it. */
    public void delete(RoutingContext ctx) {
        Blocking.reply(ctx, 200, () -> shown(volumes.delete(name(ctx))));
    }

    /** A volume as its namespace sees it: its name without the namespace's suffix. */
    private static Volume shown(Volume volume) {
        return new Volume(Namespaces.nameOf(volume.name()), volume.path(), volume.external(), volume.created());
    }

    /** {@code PUT /api/v1/volumes/{name}/files/{path}}: writes the body, streamed, to the volume's file. */
    public void upload(RoutingContext ctx) {
        String relative = filePath(ctx);
        String name = name(ctx);
        FileUpload.receive(ctx, new FileUpload.Target() {
            private VolumeFiles.Upload upload;

            @Override
            public WritableByteChannel prepare() {
                upload = volumes.upload(name, relative);
                return upload.channel();
            }

            @Override
            public Object commit(long size) {
                upload.commit();
                return Map.of("path", relative, "size", size);
            }

            @Override
            public void discard() {
                upload.discard();
            }
        });
    }

    /** {@code GET /api/v1/volumes/{name}/files[/{path}]}: a file's bytes, streamed, or a directory's listing. */
    public void download(RoutingContext ctx) {
        Blocking.call(() -> volumes.read(name(ctx), filePath(ctx))).onComplete(ar -> {
            if (ar.failed()) {
                Errors.write(ctx.response(), ar.cause());
            } else if (ar.result() instanceof VolumeFiles.OpenFile file) {
                // The file opened without following a link, not its path: a link swapped in since cannot redirect the read.
                ctx.response().putHeader(ENTRY_TYPE_HEADER, "file").putHeader("Content-Type", "application/octet-stream")
                        .sendFile(file.channel()).onComplete(sent -> {
                            closeQuietly(file.channel());
                            if (sent.failed()) {
                                ctx.response().reset();
                            }
                        });
            } else if (ar.result() instanceof VolumeFiles.Listing listing) {
                ctx.response().putHeader(ENTRY_TYPE_HEADER, "directory");
                Json.write(ctx.response(), 200, Map.of("items", listing.items()));
            }
        });
    }

    /** The path after {@code /files/}, from the raw request path: the router's normalized one has dropped any {@code ..}. */
    private static String filePath(RoutingContext ctx) {
        String raw = ctx.request().path();
        int at = raw.indexOf(FILES, raw.indexOf("/api/v1/volumes/") + "/api/v1/volumes/".length());
        String rest = at < 0 ? "" : raw.substring(at + FILES.length());
        String relative = rest.startsWith("/") ? rest.substring(1) : rest;
        return URLDecoder.decode(relative.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Closeable file) {
        try {
            file.close();
        } catch (IOException e) {
            // a file opened for reading: nothing was lost
        }
    }

    /** The key of the volume the path names, in the request's namespace. */
    private static String name(RoutingContext ctx) {
        return NamespacePaths.key(ctx, ctx.pathParam("name"), "volume");
    }

}
