package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.Source;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePackagerTest {
    @TempDir
    Path dir;

    @Test
    void fromPath_utf8File_isTextWithItsName() throws IOException {
        Path file = Files.writeString(dir.resolve("hello.py"), "def handle(req):\n    return 'héllo'\n");

        Source source = SourcePackager.fromPath(file);

        assertThat(source).isEqualTo(Source.text("hello.py", "def handle(req):\n    return 'héllo'\n"));
    }

    @Test
    void fromPath_nonUtf8File_isBase64WithItsName() throws IOException {
        byte[] bytes = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0x00, 0x41};
        Path file = Files.write(dir.resolve("app.jar"), bytes);

        Source source = SourcePackager.fromPath(file);

        assertThat(source.contentType()).isEqualTo("base64");
        assertThat(source.filename()).isEqualTo("app.jar");
        assertThat(source.bytes()).isEqualTo(bytes);
    }

    @Test
    void fromPath_utf8FileWithNulByte_isBase64() throws IOException {
        Path file = Files.write(dir.resolve("data.bin"), new byte[] {'a', 0, 'b'});

        assertThat(SourcePackager.fromPath(file).contentType()).isEqualTo("base64");
    }

    @Test
    void fromPath_directory_isZipOfRelativePathsWithoutCachesOrGit() throws IOException {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("main.py"), "import lib.util\n");
        Files.createDirectories(code.resolve("lib"));
        Files.writeString(code.resolve("lib/util.py"), "X = 1\n");
        Files.createDirectories(code.resolve("lib/__pycache__"));
        Files.writeString(code.resolve("lib/__pycache__/util.cpython-311.pyc"), "cached");
        Files.createDirectories(code.resolve(".git/objects"));
        Files.writeString(code.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(code.resolve(".gitignore"), "*.pyc\n");

        Source source = SourcePackager.fromPath(code);

        assertThat(source.contentType()).isEqualTo("zip");
        assertThat(zipEntries(source.bytes())).containsExactly(".gitignore", "lib/util.py", "main.py");
    }

    @Test
    void fromPath_sameDirectoryTwice_givesIdenticalZips() throws IOException {
        Files.writeString(dir.resolve("a.py"), "A = 1\n");
        Files.writeString(dir.resolve("b.py"), "B = 2\n");

        assertThat(SourcePackager.fromPath(dir).content()).isEqualTo(SourcePackager.fromPath(dir).content());
    }

    @Test
    void fromPath_emptyDirectory_failsClearly() {
        assertThatThrownBy(() -> SourcePackager.fromPath(dir))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("holds no files");
    }

    @Test
    void fromPath_zipArchive_isSentAsZipUnchanged() throws IOException {
        byte[] zip = {'P', 'K', 3, 4, 1, 2, 3};
        Path file = Files.write(dir.resolve("code.ZIP"), zip);

        Source source = SourcePackager.fromPath(file);

        assertThat(source.contentType()).isEqualTo("zip");
        assertThat(source.bytes()).isEqualTo(zip);
    }

    @Test
    void fromPath_tarGzAndTgz_areSentAsTarGz() throws IOException {
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0};
        Path tarGz = Files.write(dir.resolve("code.tar.gz"), gzip);
        Path tgz = Files.write(dir.resolve("code.tgz"), gzip);

        assertThat(SourcePackager.fromPath(tarGz).contentType()).isEqualTo("tar.gz");
        assertThat(SourcePackager.fromPath(tgz).contentType()).isEqualTo("tar.gz");
        assertThat(SourcePackager.fromPath(tgz).bytes()).isEqualTo(gzip);
    }

    @Test
    void fromPath_missingFile_failsNamingIt() {
        assertThatThrownBy(() -> SourcePackager.fromPath(dir.resolve("nope.py")))
                .isInstanceOf(CliException.class)
                .hasMessage("--from-file " + dir.resolve("nope.py") + ": no such file or directory");
    }

    private static List<String> zipEntries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
