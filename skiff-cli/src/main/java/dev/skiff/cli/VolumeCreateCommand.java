package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff volume create}: a new volume, Skiff's own directory or one the user has. */
@Command(name = "create", usageHelpAutoWidth = true, description = "Create a volume.")
public final class VolumeCreateCommand implements Callable<Integer> {
    @ParentCommand
    private VolumeCommand volume;

    @Parameters(paramLabel = "NAME", description = "The volume's name, e.g. montage-data.")
    String name;

    @Option(names = "--path", paramLabel = "DIR",
            description = "Use this existing directory on the server's machine (never deleted by Skiff); "
                    + "default: a new directory under the server's data directory.")
    Path path;

    /** Creates the volume and prints its directory. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        String dir = path == null ? null : path.toAbsolutePath().normalize().toString();
        JsonNode created;
        try (SkiffClient client = volume.skiff().client()) {
            created = client.createVolume(new Volume(name, dir, null, null));
        }
        volume.skiff().context().out().println("volume \"" + name + "\" created at " + created.path("path").asText());
        return 0;
    }
}
