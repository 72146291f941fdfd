package dev.skiff.runtimes.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequirementPathsTest {
    private static final Path CODE = Path.of("/srv/skiff/functions/f/f-00001/code");
    private static final RequirementPaths PATHS = new RequirementPaths(CODE, dev.skiff.runtimes.Workers.packagesIn(Path.of("/srv/wheels")));

    @ParameterizedTest
    @ValueSource(strings = {"requests==2.32.3", "requests>=2; python_version >= \"3.8\"", "./vendor/x-1.0-py3-none-any.whl",
            "vendor/pkg", "-r extra.txt", "--requirement=extra.txt", "-rextra.txt", "-e ./src", "-f ./wheels somepkg",
            "/srv/wheels/x-1.0-py3-none-any.whl", "file:///srv/wheels/x.whl", "--index-url https://pypi.example/simple",
            "pkg @ https://example.com/pkg-1.0.tar.gz", "git+https://example.com/pkg.git#egg=pkg",
            "pkg --hash=sha256:abcd", "# -r /etc/passwd", "requests  # see /etc/passwd"})
    void pathsInsideTheCodeOrAPackageDirectory_andEverythingNotAPath_pass(String line) {
        assertThat(PATHS.problem("requirements.txt", line + "\n", CODE)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-r /etc/passwd", "--requirement=/etc/passwd", "-r/etc/passwd", "-c /etc/shadow",
            "/root/secret.whl", "../../other/code/x.whl", "file:///etc/passwd", "file:/etc/passwd",
            "file://localhost/etc/passwd", "pkg @ file:///etc/passwd", "-e /home/someone/src", "-f /var/lib/wheels pkg",
            "--find-links=/var/lib/wheels pkg", "--index-url file:///var/lib/index", "~/wheels/x.whl",
            "/srv/wheels/../secret/x.whl", "/srv/wheelsX/x.whl"})
    void pathsElsewhere_areRefused_namingTheLine(String line) {
        assertThat(PATHS.problem("spec.requirements", "requests\n" + line + "\n", CODE))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("spec.requirements line 2 names ")
                        .contains("outside the function's source"));
    }

    @Test
    void aContinuedLine_isReadWhole() {
        assertThat(PATHS.problem("requirements.txt", "-r \\\n/etc/passwd\n", CODE)).isPresent();
    }

    @Test
    void anIncludedFileInTheCode_isCheckedInTurn(@TempDir Path temp) throws IOException {
        Path code = Files.createDirectories(temp.resolve("code"));
        Files.createDirectories(code.resolve("reqs"));
        Files.writeString(code.resolve("reqs/base.txt"), "requests\n-r ../../outside.txt\n");
        RequirementPaths paths = new RequirementPaths(code, dev.skiff.runtimes.BuildSandbox.unconfined());

        assertThat(paths.problem("requirements.txt", "-r reqs/base.txt\n", code))
                .hasValue("reqs/base.txt line 2 names ../../outside.txt, outside the function's source: a build reads only "
                        + "the files deployed with the function and the server's package directories (skiff server --package-dir)");
    }
}
