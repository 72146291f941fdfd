package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.core.credentials.FileOwner;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerCliConfigTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            ada:x:1000:1001:Ada:/home/ada:/bin/bash
            """;

    @Test
    void underSudo_theServerRecordsItselfForTheUserWhoRanIt() {
        ServerCliConfig target = ServerCliConfig.of(Map.of("SUDO_USER", "ada", "HOME", "/root"), 0, PASSWD);

        assertThat(target.file()).isEqualTo(Path.of("/home/ada/.config/skiff/config.json"));
        assertThat(target.owner()).isEqualTo(new FileOwner(1000, 1001));
    }

    @Test
    void withoutSudo_orWithSkiffConfig_orAnUnknownUser_itIsTheServersOwn() {
        assertThat(ServerCliConfig.of(Map.of("HOME", "/root"), 0, PASSWD))
                .isEqualTo(new ServerCliConfig(Path.of("/root/.config/skiff/config.json"), null));
        assertThat(ServerCliConfig.of(Map.of("SUDO_USER", "ada", "SKIFF_CONFIG", "/tmp/c.json"), 0, PASSWD))
                .isEqualTo(new ServerCliConfig(Path.of("/tmp/c.json"), null));
        assertThat(ServerCliConfig.of(Map.of("SUDO_USER", "ghost", "HOME", "/root"), 0, PASSWD).owner()).isNull();
        assertThat(ServerCliConfig.of(Map.of("SUDO_USER", "ada", "HOME", "/home/bob"), 1002, PASSWD))
                .isEqualTo(new ServerCliConfig(Path.of("/home/bob/.config/skiff/config.json"), null));
    }
}
