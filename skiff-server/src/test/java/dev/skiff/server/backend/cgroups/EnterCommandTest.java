package dev.skiff.server.backend.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The joining shell, run for real, with plain files standing for the groups' cgroup.procs. */
class EnterCommandTest {
    @TempDir
    Path dir;

    private static Process run(List<Path> procs, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(EnterCommand.argv(procs, command));
        builder.environment().clear();
        builder.environment().put("GIVEN", "1");
        return builder.start();
    }

    private static String out(Process process) throws IOException, InterruptedException {
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return text;
    }

    @Test
    void command_runsAsTheProcessThatJoinedEveryGroup_withTheRaisedScore() throws Exception {
        Path memory = Files.createDirectories(dir.resolve("memory/w1")).resolve("cgroup.procs");
        Path pids = Files.createDirectories(dir.resolve("pids/w1")).resolve("cgroup.procs");

        List<String> lines = out(run(List.of(memory, pids), List.of("/bin/sh", "-c", "echo $$; cat /proc/self/oom_score_adj")))
                .lines().toList();

        assertThat(lines).containsExactly(lines.get(0), Integer.toString(EnterCommand.WORKER_OOM_SCORE_ADJ));
        assertThat(memory).hasContent(lines.get(0));
        assertThat(pids).hasContent(lines.get(0));
    }

    @Test
    void command_getsExactlyTheEnvironmentItWasGiven() throws Exception {
        assertThat(out(run(List.of(), List.of("/usr/bin/env")))).isEqualTo("GIVEN=1\n");
    }

    @Test
    void groupThatCannotBeJoined_endsTheStartWithAReason_beforeTheCommandRuns() throws Exception {
        Path marker = dir.resolve("ran");
        Process process = run(List.of(dir.resolve("missing/cgroup.procs")), List.of("/usr/bin/touch", marker.toString()));

        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isEqualTo(EnterCommand.FAILED);
        assertThat(err).contains("skiff: cannot join the cgroup " + dir.resolve("missing/cgroup.procs"));
        assertThat(marker).doesNotExist();
    }
}
