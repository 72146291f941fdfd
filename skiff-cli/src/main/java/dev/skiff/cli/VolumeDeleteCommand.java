package dev.skiff.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff volume rm}: deletes a volume no function mounts. */
@Command(name = "rm", aliases = "delete", usageHelpAutoWidth = true,
        description = {"Delete a volume; refused while a function mounts it.",
            "Skiff's own directory is deleted with it; a directory given with --path is left in place."})
public final class VolumeDeleteCommand implements Callable<Integer> {
    @ParentCommand
    private VolumeCommand volume;

    @Parameters(paramLabel = "NAME", description = "The volume.")
    String name;

    /** Deletes the volume and says so. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        try (SkiffClient client = volume.skiff().client()) {
            client.deleteVolume(name);
        }
        volume.skiff().context().out().println("volume \"" + name + "\" deleted");
        return 0;
    }
}
