package dev.skiff.runtimes;

import dev.skiff.api.Source;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Writes a function's {@link Source} into its code directory: one file, or a zip or tar.gz archive
 * unpacked. Entries that would land outside the directory (zip-slip, absolute paths, symlinks out)
 * are refused, as are archives unpacking to more than {@link #MAX_UNPACKED_BYTES}. On failure the
 * directory may hold part of the archive; the caller discards it.
 */
public final class SourceFiles {
    /** The most bytes a source may unpack to: 512 MiB. */
    public static final long MAX_UNPACKED_BYTES = 512L << 20;

    private SourceFiles() {}

    /**
     * Writes {@code source} into {@code codeDir}, creating it.
     *
     * @throws InvalidSourceException when the source itself is at fault (corrupt, unsafe, too large)
     * @throws IOException when the files cannot be written
     */
    public static void unpack(Source source, Path codeDir) throws IOException {
        unpack(source, codeDir, MAX_UNPACKED_BYTES);
    }

    static void unpack(Source source, Path codeDir, long maxBytes) throws IOException {
        Source.ContentType type = Source.ContentType.parse(source.contentType());
        if (type == null || source.content() == null) {
            throw new InvalidSourceException("the source needs content and a content type of text, base64, zip or tar.gz");
        }
        byte[] bytes;
        try {
            bytes = source.bytes();
        } catch (IllegalArgumentException e) {
            throw new InvalidSourceException("the source's content is not valid base64: " + e.getMessage(), e);
        }
        Files.createDirectories(codeDir);
        Extraction out = new Extraction(codeDir, maxBytes);
        switch (type) {
            case TEXT, BASE64 -> writeFile(source.filename(), bytes, out);
            case ZIP -> unzip(bytes, out);
            case TAR_GZ -> untar(bytes, out);
        }
        out.finish();
    }

    private static void writeFile(String filename, byte[] bytes, Extraction out) throws IOException {
        if (filename == null || filename.isBlank()) {
            throw new InvalidSourceException("a text or base64 source needs a filename");
        }
        out.file(filename, new ByteArrayInputStream(bytes), 0);
    }

    private static void unzip(byte[] bytes, Extraction out) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get();
        } catch (IOException e) {
            throw Extraction.corrupt("zip archive", e);
        }
        try (zip) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                if (entry.isDirectory()) {
                    out.directory(entry.getName());
                } else if (entry.isUnixSymlink()) {
                    out.symlink(entry.getName(), readZip(() -> zip.getUnixSymlink(entry)));
                } else {
                    try (InputStream in = readZip(() -> zip.getInputStream(entry))) {
                        out.file(entry.getName(), in, entry.getUnixMode());
                    }
                }
            }
        }
    }

    private static <T> T readZip(ZipRead<T> read) throws InvalidSourceException {
        try {
            return read.get();
        } catch (IOException e) {
            throw Extraction.corrupt("zip archive", e);
        }
    }

    private static void untar(byte[] bytes, Extraction out) throws IOException {
        TarArchiveInputStream tar;
        try {
            tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw Extraction.corrupt("tar.gz archive", e);
        }
        try (tar) {
            for (TarArchiveEntry entry = nextTarEntry(tar); entry != null; entry = nextTarEntry(tar)) {
                if (entry.isDirectory()) {
                    out.directory(entry.getName());
                } else if (entry.isSymbolicLink()) {
                    out.symlink(entry.getName(), entry.getLinkName());
                } else if (entry.isLink()) {
                    out.hardLink(entry.getName(), entry.getLinkName());
                } else if (entry.isFile()) {
                    out.file(entry.getName(), tar, entry.getMode());
                } else {
                    throw new InvalidSourceException("archive entry '" + entry.getName()
                            + "' is a device or pipe; only files, directories and links can be unpacked");
                }
            }
        }
    }

    private static TarArchiveEntry nextTarEntry(TarArchiveInputStream tar) throws InvalidSourceException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw Extraction.corrupt("tar.gz archive", e);
        }
    }

    /** One read from a zip archive. */
    @FunctionalInterface
    private interface ZipRead<T> {
        T get() throws IOException;
    }
}
