package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walker both upload commands share, on real directories with real symlinks. */
class LocalTreeTest {
    private static final String PREFIX = "--from-file app: ";

    @TempDir
    Path temp;

    private Path root;

    @BeforeEach
    void project() throws IOException {
        root = Files.createDirectories(temp.resolve("app"));
        Files.createDirectories(root.resolve("real/docs"));
        Files.writeString(root.resolve("main.py"), "main");
        Files.writeString(root.resolve("real/notes.md"), "noted");
        Files.writeString(root.resolve("real/docs/words.txt"), "worded");
    }

    private List<String> names() throws IOException {
        return LocalTree.files(root, Set.of(".git"), PREFIX).stream().map(LocalTree.Entry::name).toList();
    }

    private String content(String name) throws IOException {
        LocalTree.Entry entry = LocalTree.files(root, Set.of(), PREFIX).stream()
                .filter(e -> e.name().equals(name)).findFirst().orElseThrow();
        return Files.readString(entry.path());
    }

    @Test
    void files_plainTree_relativeNamesSortedWithoutSkippedNames() throws IOException {
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/HEAD"), "ref");

        assertThat(names()).containsExactly("main.py", "real/docs/words.txt", "real/notes.md");
    }

    @Test
    void files_linkToFileInside_listedUnderTheLinkWithTheTargetsContent() throws IOException {
        Files.createSymbolicLink(root.resolve("notes.txt"), Path.of("real/notes.md"));

        assertThat(names()).contains("notes.txt", "real/notes.md");
        assertThat(content("notes.txt")).isEqualTo("noted");
    }

    @Test
    void files_linkToDirectoryInside_walkedUnderTheLink() throws IOException {
        Files.createSymbolicLink(root.resolve("docs"), root.resolve("real/docs"));

        assertThat(names()).containsExactly("docs/words.txt", "main.py", "real/docs/words.txt", "real/notes.md");
        assertThat(content("docs/words.txt")).isEqualTo("worded");
    }

    @Test
    void files_linkToFileOutside_refusedNamingTheLinkAndItsTarget() throws IOException {
        Path secret = Files.writeString(temp.resolve("credentials"), "secret");
        Files.createSymbolicLink(root.resolve("secret.txt"), Path.of("../credentials"));

        assertThatThrownBy(this::names).isInstanceOf(CliException.class)
                .hasMessage(PREFIX + root.resolve("secret.txt") + " is a link to " + secret.toRealPath()
                        + ", outside " + root + "; copy the file in or remove the link");
    }

    @Test
    void files_linkToDirectoryOutside_refusedNamingTheLinkAndItsTarget() throws IOException {
        Path aws = Files.createDirectories(temp.resolve("home/.aws"));
        Files.writeString(aws.resolve("credentials"), "secret");
        Files.createSymbolicLink(root.resolve("real/aws"), aws);

        assertThatThrownBy(this::names).isInstanceOf(CliException.class)
                .hasMessage(PREFIX + root.resolve("real/aws") + " is a link to " + aws.toRealPath()
                        + ", outside " + root + "; copy the directory in or remove the link");
    }

    @Test
    void files_insideLinkToALinkThatLeaves_refused() throws IOException {
        Path secret = Files.writeString(temp.resolve("credentials"), "secret");
        Files.createSymbolicLink(root.resolve("real/hop"), secret);
        Files.createSymbolicLink(root.resolve("a-link"), Path.of("real/hop"));

        assertThatThrownBy(this::names).isInstanceOf(CliException.class)
                .hasMessageContaining(root.resolve("a-link") + " is a link to " + secret.toRealPath() + ", outside");
    }

    @Test
    void files_linkToAnAncestor_refusedAsALoop() throws IOException {
        Files.createSymbolicLink(root.resolve("real/docs/up"), Path.of("../.."));

        assertThatThrownBy(this::names).isInstanceOf(CliException.class)
                .hasMessage(PREFIX + root.resolve("real/docs/up") + " is a link to " + root.toRealPath()
                        + ", a directory that holds it, so it would be copied forever; remove the link");
    }

    @Test
    void files_brokenLink_refusedNamingWhereItPoints() throws IOException {
        Files.createSymbolicLink(root.resolve("gone.txt"), Path.of("real/missing.txt"));

        assertThatThrownBy(this::names).isInstanceOf(CliException.class)
                .hasMessage(PREFIX + root.resolve("gone.txt") + " is a link to " + root.resolve("real/missing.txt")
                        + ", which does not exist; fix or remove the link");
    }

    @Test
    void files_linksInACircle_refusedAsNotFollowable() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));

        assertThatThrownBy(this::names).isInstanceOf(CliException.class)
                .hasMessageStartingWith(PREFIX + root.resolve("a") + " is a link that cannot be followed (")
                .hasMessageEndingWith("); fix or remove the link");
    }

    @Test
    void files_rootReachedThroughALink_insideLinksStillInside() throws IOException {
        Files.createSymbolicLink(root.resolve("notes.txt"), Path.of("real/notes.md"));
        root = Files.createSymbolicLink(temp.resolve("app-link"), root);

        assertThat(names()).containsExactly("main.py", "notes.txt", "real/docs/words.txt", "real/notes.md");
    }

    @Test
    void files_outsideLinkInASkippedDirectory_ignored() throws IOException {
        Files.createDirectories(root.resolve(".git"));
        Files.createSymbolicLink(root.resolve(".git/hooks"), temp);

        assertThat(names()).containsExactly("main.py", "real/docs/words.txt", "real/notes.md");
    }
}
