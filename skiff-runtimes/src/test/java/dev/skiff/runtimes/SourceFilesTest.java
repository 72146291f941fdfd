package dev.skiff.runtimes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesTest {
    @TempDir
    Path temp;

    @Test
    void textSourceIsWrittenAsItsFilenameWithParents() throws IOException {
        Path code = temp.resolve("code");
        SourceFiles.unpack(Source.text("pkg/mod.py", "def fn(req):\n    return 1\n"), code);
        assertThat(code.resolve("pkg/mod.py")).hasContent("def fn(req):\n    return 1\n");
    }

    @Test
    void base64SourceIsWrittenAsBytes() throws IOException {
        byte[] bytes = {0, 1, (byte) 0xff};
        SourceFiles.unpack(Source.binary("data.bin", bytes, Source.ContentType.BASE64), temp);
        assertThat(temp.resolve("data.bin")).hasBinaryContent(bytes);
    }

    @Test
    void singleFileNeedsAFilenameInside() {
        assertThatThrownBy(() -> SourceFiles.unpack(Source.text(null, "x"), temp))
                .isInstanceOf(InvalidSourceException.class).hasMessageContaining("needs a filename");
        assertThatThrownBy(() -> SourceFiles.unpack(Source.text("../x.py", "x"), temp))
                .isInstanceOf(InvalidSourceException.class).hasMessageContaining("outside the function's directory");
    }

    @Test
    void zipIsUnpackedWithDirectoriesExecutableBitsAndInnerLinks() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zip.putArchiveEntry(new ZipArchiveEntry("pkg/"));
            zip.closeArchiveEntry();
            zipFile(zip, "pkg/mod.py", "print(1)\n", 0100644);
            zipFile(zip, "bin/run.sh", "#!/bin/sh\n", 0100755);
            ZipArchiveEntry link = new ZipArchiveEntry("alias.py");
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write("pkg/mod.py".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        SourceFiles.unpack(Source.binary(null, bytes.toByteArray(), Source.ContentType.ZIP), temp);
        assertThat(temp.resolve("pkg/mod.py")).hasContent("print(1)\n");
        assertThat(Files.isExecutable(temp.resolve("bin/run.sh"))).isTrue();
        assertThat(Files.isExecutable(temp.resolve("pkg/mod.py"))).isFalse();
        assertThat(Files.readSymbolicLink(temp.resolve("alias.py"))).isEqualTo(Path.of("pkg/mod.py"));
        assertThat(temp.resolve("alias.py")).hasContent("print(1)\n");
    }

    @Test
    void tarGzIsUnpackedWithExecutableBitsAndLinks() throws IOException {
        byte[] archive = tarGz(tar -> {
            tarFile(tar, "./hello.py", "def handle(req):\n    return 1\n", 0644);
            tarFile(tar, "./bin/tool", "#!/bin/sh\n", 0755);
            tarLink(tar, "./lib/current", "../bin", TarConstants.LF_SYMLINK);
            tarLink(tar, "./copy.py", "hello.py", TarConstants.LF_LINK);
        });
        SourceFiles.unpack(Source.binary(null, archive, Source.ContentType.TAR_GZ), temp);
        assertThat(temp.resolve("hello.py")).hasContent("def handle(req):\n    return 1\n");
        assertThat(Files.isExecutable(temp.resolve("bin/tool"))).isTrue();
        assertThat(Files.isExecutable(temp.resolve("hello.py"))).isFalse();
        assertThat(temp.resolve("lib/current/tool")).hasContent("#!/bin/sh\n");
        assertThat(temp.resolve("copy.py")).hasContent("def handle(req):\n    return 1\n");
    }

    @Test
    void zipSlipIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zipFile(zip, "ok.py", "x", 0);
            zipFile(zip, "pkg/../../evil.py", "x", 0);
        }
        Path code = Files.createDirectories(temp.resolve("code"));
        assertThatThrownBy(() -> SourceFiles.unpack(Source.binary(null, bytes.toByteArray(), Source.ContentType.ZIP), code))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessage("archive entry 'pkg/../../evil.py' would be written outside the function's directory");
        assertThat(temp.resolve("evil.py")).doesNotExist();
    }

    @Test
    void tarEscapesAreRefused() throws IOException {
        assertRefused(tar -> tarFile(tar, "../evil.py", "x", 0644), "would be written outside the function's directory");
        assertRefused(tar -> {
            tar.putArchiveEntry(new TarArchiveEntry("/etc/evil", true));
            tar.closeArchiveEntry();
        }, "has an absolute path");
        assertRefused(tar -> tarLink(tar, "passwd", "/etc/passwd", TarConstants.LF_SYMLINK), "leaves the function's directory");
        assertRefused(tar -> tarLink(tar, "sub/up", "../../..", TarConstants.LF_SYMLINK), "leaves the function's directory");
        assertRefused(tar -> tarLink(tar, "stolen", "../secret", TarConstants.LF_LINK), "outside the function's directory");
        assertRefused(tar -> tarLink(tar, "dangling", "missing.py", TarConstants.LF_SYMLINK), "which is not in the archive");
    }

    @Test
    void linkThroughAnotherLinkCannotEscape() throws IOException {
        assertRefused(tar -> {
            tarLink(tar, "a/up", "..", TarConstants.LF_SYMLINK);
            tarLink(tar, "b", "a/up/..", TarConstants.LF_SYMLINK);
        }, "points outside the function's directory");
    }

    @Test
    void corruptArchivesAreRefusedClearly() throws IOException {
        byte[] garbage = "this is not an archive".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SourceFiles.unpack(Source.binary(null, garbage, Source.ContentType.ZIP), temp))
                .isInstanceOf(InvalidSourceException.class).hasMessageStartingWith("the source is not a valid zip archive");
        assertThatThrownBy(() -> SourceFiles.unpack(Source.binary(null, garbage, Source.ContentType.TAR_GZ), temp))
                .isInstanceOf(InvalidSourceException.class).hasMessageStartingWith("the source is not a valid tar.gz archive");
        byte[] archive = tarGz(tar -> tarFile(tar, "hello.py", "x".repeat(10_000), 0644));
        byte[] truncated = Arrays.copyOf(archive, archive.length / 2);
        assertThatThrownBy(() -> SourceFiles.unpack(Source.binary(null, truncated, Source.ContentType.TAR_GZ), temp))
                .isInstanceOf(InvalidSourceException.class).hasMessageStartingWith("the source is not a valid");
    }

    @Test
    void archivesUnpackingPastTheLimitAreRefused() throws IOException {
        byte[] archive = tarGz(tar -> {
            tarFile(tar, "a.bin", "0".repeat(600_000), 0644);
            tarFile(tar, "b.bin", "0".repeat(600_000), 0644);
        });
        Source source = Source.binary(null, archive, Source.ContentType.TAR_GZ);
        assertThatThrownBy(() -> SourceFiles.unpack(source, temp, 1L << 20))
                .isInstanceOf(InvalidSourceException.class).hasMessage("the source unpacks to more than 1 MiB");
    }

    private void assertRefused(TarWriter entries, String message) throws IOException {
        Path code = Files.createTempDirectory(temp, "code");
        Source source = Source.binary(null, tarGz(entries), Source.ContentType.TAR_GZ);
        assertThatThrownBy(() -> SourceFiles.unpack(source, code))
                .isInstanceOf(InvalidSourceException.class).hasMessageContaining(message);
    }

    private static void zipFile(ZipArchiveOutputStream zip, String name, String content, int mode) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setUnixMode(mode);
        zip.putArchiveEntry(entry);
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
    }

    private static void tarFile(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void tarLink(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static byte[] tarGz(TarWriter entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            entries.write(tar);
        }
        return bytes.toByteArray();
    }

    /** Writes a test archive's entries. */
    @FunctionalInterface
    private interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }
}
