package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testkit.server.TestFunctions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Under memory pressure the kernel kills a worker before the server: every worker process has the higher oom_score_adj. */
class WorkerOomScoreIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(TestFunctions.python("score",
                "def handle(req):\n    return open('/proc/self/oom_score_adj').read().strip()\n"));
    }

    @Test
    void worker_hasAnOomScoreAdjAboveTheServers() {
        int serverScore = Integer.parseInt(LimitedFunctions.procFile(ProcessHandle.current().pid(), "oom_score_adj"));

        int functionScore = Integer.parseInt(server.send("POST", "/function/score", "{}").body());
        long pid = server.instances("score").get(0).get("pid").asLong();
        List<Integer> treeScores = ProcessHandle.of(pid).orElseThrow().descendants()
                .map(p -> LimitedFunctions.procFile(p.pid(), "oom_score_adj")).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).toList();

        assertThat(functionScore).as("the function's own process").isEqualTo(500).isGreaterThan(serverScore);
        assertThat(Integer.parseInt(LimitedFunctions.procFile(pid, "oom_score_adj"))).as("the process started").isEqualTo(500);
        assertThat(treeScores).as("every process under it").isNotEmpty().allSatisfy(score -> assertThat(score).isEqualTo(500));
    }
}
