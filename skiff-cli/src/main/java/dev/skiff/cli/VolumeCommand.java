package dev.skiff.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code skiff volume}: named volumes functions mount, and files in and out of them. */
@Command(name = "volume", usageHelpAutoWidth = true,
        description = "Manage named volumes: directories functions mount with --volume NAME:/path.",
        subcommands = {VolumeCreateCommand.class, VolumeListCommand.class, VolumeDeleteCommand.class,
            VolumeCopyCommand.class})
public final class VolumeCommand {
    @ParentCommand
    private SkiffCommand skiff;

    /** The {@code skiff} command, for the subcommands' client and streams. */
    SkiffCommand skiff() {
        return skiff;
    }
}
