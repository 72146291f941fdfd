package dev.skiff.cli;

import dev.skiff.api.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Turns {@code --from-file} into a function's source: a UTF-8 file as text, any other file in base64,
 * a directory zipped in memory, and a {@code .zip} or {@code .tar.gz}/{@code .tgz} archive as it is.
 */
public final class SourcePackager {
    /** Directories left out when a directory is zipped. */
    public static final Set<String> SKIPPED_DIRECTORIES = Set.of("__pycache__", ".git");
    /** Every entry's time, so the same files always make the same zip (1980-01-01, the zip epoch). */
    private static final long ENTRY_TIME = 315_532_800_000L;

    private SourcePackager() {}

    /** The source for this path; a {@link CliException} when it cannot be read. */
    public static Source fromPath(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return Source.binary(null, zipDirectory(path), Source.ContentType.ZIP);
            }
            String filename = path.getFileName().toString();
            byte[] bytes = Files.readAllBytes(path);
            String lower = filename.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".zip")) {
                return Source.binary(filename, bytes, Source.ContentType.ZIP);
            }
            if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
                return Source.binary(filename, bytes, Source.ContentType.TAR_GZ);
            }
            String text = utf8Text(bytes);
            return text != null
                    ? Source.text(filename, text) : Source.binary(filename, bytes, Source.ContentType.BASE64);
        } catch (NoSuchFileException e) {
            throw new CliException("--from-file " + path + ": no such file or directory", e);
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("--from-file " + path + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /** The text of these bytes when they are UTF-8 without NUL characters, else null. */
    static String utf8Text(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A zip of the directory's files with paths relative to it, in a stable order, symlinks as {@link LocalTree} rules. */
    static byte[] zipDirectory(Path dir) throws IOException {
        List<LocalTree.Entry> files = LocalTree.files(dir, SKIPPED_DIRECTORIES, "--from-file " + dir + ": ");
        if (files.isEmpty()) {
            throw new CliException("--from-file " + dir + ": the directory holds no files");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (LocalTree.Entry file : files) {
                ZipEntry entry = new ZipEntry(file.name());
                entry.setTime(ENTRY_TIME);
                zip.putNextEntry(entry);
                Files.copy(file.path(), zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
