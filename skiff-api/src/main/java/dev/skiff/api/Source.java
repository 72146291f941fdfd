package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A function's code, carried inside the resource as kubeless does: one file's text, one binary file
 * in base64, or a base64 zip or tar.gz archive that is unpacked into the function's directory.
 *
 * @param filename the file's name (for {@code text} and {@code base64}); ignored for archives
 * @param content the text, or the base64 of the bytes
 * @param contentType {@code text}, {@code base64}, {@code zip} or {@code tar.gz}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(String filename, String content, String contentType) {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** One text file. */
    public static Source text(String filename, String content) {
        return new Source(filename, content, ContentType.TEXT.label());
    }

    /** Bytes, encoded for the given content type (base64, zip or tar.gz). */
    public static Source binary(String filename, byte[] bytes, ContentType type) {
        return new Source(filename, Base64.getEncoder().encodeToString(bytes), type.label());
    }

    /** True when this is one file (text or base64, or no type yet, which means text), not an archive. */
    @JsonIgnore
    public boolean isSingleFile() {
        ContentType type = contentType == null ? ContentType.TEXT : ContentType.parse(contentType);
        return type == ContentType.TEXT || type == ContentType.BASE64;
    }

    /** True when this is one file that has no name yet, for a runtime to name after its handler. */
    @JsonIgnore
    public boolean needsFilename() {
        return isSingleFile() && (filename == null || filename.isBlank());
    }

    /** This source under another file name. */
    public Source named(String newFilename) {
        return new Source(newFilename, content, contentType);
    }

    /** The parsed content type; the source must have been validated. */
    public ContentType type() {
        return ContentType.parse(contentType);
    }

    /**
     * The decoded bytes: the text in UTF-8, or the base64 decoded (line breaks and spaces allowed,
     * anything else outside the alphabet refused).
     *
     * @throws IllegalArgumentException when the base64 is not valid
     */
    public byte[] bytes() {
        return type() == ContentType.TEXT
                ? content.getBytes(StandardCharsets.UTF_8)
                : Base64.getDecoder().decode(WHITESPACE.matcher(content).replaceAll(""));
    }

    /** How the content is encoded. */
    public enum ContentType {
        TEXT("text"),
        BASE64("base64"),
        ZIP("zip"),
        TAR_GZ("tar.gz");

        private final String label;

        ContentType(String label) {
            this.label = label;
        }

        /** The name used in resources. */
        public String label() {
            return label;
        }

        /** True for the types that hold an archive to unpack. */
        public boolean isArchive() {
            return this == ZIP || this == TAR_GZ;
        }

        /** The type with this label, or null when there is none. */
        public static ContentType parse(String label) {
            for (ContentType type : values()) {
                if (type.label.equals(label)) {
                    return type;
                }
            }
            return null;
        }
    }
}
