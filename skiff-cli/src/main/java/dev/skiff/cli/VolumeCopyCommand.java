package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skiff volume cp}: copies files into a volume or out of it; directories recursively. */
@Command(name = "cp", usageHelpAutoWidth = true,
        description = {"Copy files between this machine and a volume; one side is NAME:/path.",
            "A directory is copied recursively: its contents land in the target directory.",
            "A symlink in it is copied as what it points to; one pointing outside it is refused.",
            "Out of a volume, a symlink is not copied: the server follows none (each is named).",
            "  skiff volume cp ./inputs montage-data:/inputs",
            "  skiff volume cp montage-data:/out/mosaic.fits ."})
public final class VolumeCopyCommand implements Callable<Integer> {
    private static final Pattern REMOTE = Pattern.compile("^([a-z0-9]([-a-z0-9]*[a-z0-9])?):(/.*)$");

    @ParentCommand
    private VolumeCommand volume;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A local path, or NAME:/path in a volume.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "A local path, or NAME:/path in a volume.")
    String target;

    /** A place in a volume: its name and a path relative to its root. */
    record Remote(String volume, String path) {
        /** The remote place {@code arg} names, or null when it is a local path. */
        static Remote parse(String arg) {
            Matcher m = REMOTE.matcher(arg);
            return m.matches() ? new Remote(m.group(1), m.group(3).replaceAll("^/+", "")) : null;
        }

        Remote child(String name) {
            return new Remote(volume, path.isEmpty() || path.endsWith("/") ? path + name : path + "/" + name);
        }
    }

    /** Copies, printing one line per file. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        Remote from = Remote.parse(source);
        Remote to = Remote.parse(target);
        if ((from == null) == (to == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "exactly one of SOURCE and TARGET must be NAME:/path in a volume");
        }
        try (SkiffClient client = volume.skiff().client()) {
            if (to != null) {
                upload(client, Path.of(source), to);
            } else {
                download(client, from, Path.of(target));
            }
        }
        return 0;
    }

    private void upload(SkiffClient client, Path local, Remote to) throws IOException, InterruptedException {
        if (Files.isDirectory(local)) {
            for (LocalTree.Entry file : LocalTree.files(local, Set.of(), "")) {
                uploadFile(client, file.path(), to.child(file.name()));
            }
        } else if (Files.isRegularFile(local)) {
            uploadFile(client, local, to.path().isEmpty() || to.path().endsWith("/")
                    ? to.child(local.getFileName().toString()) : to);
        } else {
            throw new CliException(local + ": no such file or directory");
        }
    }

    private void uploadFile(SkiffClient client, Path file, Remote to) throws IOException, InterruptedException {
        client.upload(to.volume(), to.path(), file);
        volume.skiff().context().out().println(file + " -> " + to.volume() + ":/" + to.path());
    }

    private void download(SkiffClient client, Remote from, Path local) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = client.download(from.volume(), from.path());
        boolean directory = answer.headers().firstValue("X-Skiff-Entry-Type").orElse("file").equals("directory");
        if (!directory) {
            String name = from.path().substring(from.path().lastIndexOf('/') + 1);
            write(Files.isDirectory(local) ? local.resolve(name) : local, answer.body(), from);
            return;
        }
        JsonNode listing = Documents.json().readTree(answer.body());
        Files.createDirectories(local);
        for (JsonNode entry : listing.path("items")) {
            String path = entry.path("path").asText();
            Path destination = local.resolve(path).normalize();
            if (!destination.startsWith(local.normalize())) {
                throw new CliException("the server listed '" + path + "', which is outside " + local);
            }
            Remote file = from.child(path);
            if ("file".equals(entry.path("type").asText())) {
                write(destination, client.download(file.volume(), file.path()).body(), file);
            } else if ("link".equals(entry.path("type").asText())) {
                volume.skiff().context().err().println(file.volume() + ":/" + file.path()
                        + " is a symbolic link in the volume: not copied (the server follows no link)");
            }
        }
    }

    private void write(Path file, byte[] content, Remote from) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.write(file, content);
        volume.skiff().context().out().println(from.volume() + ":/" + from.path() + " -> " + file);
    }
}
