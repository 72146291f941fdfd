package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespacesTest {
    @Test
    void theDefaultNamespacesKeys_areTheNamesAlone_otherNamespacesAddTheirName() {
        assertThat(Namespaces.key(null, "hello")).isEqualTo("hello");
        assertThat(Namespaces.key("default", "hello")).isEqualTo("hello");
        assertThat(Namespaces.key("team-a", "hello")).isEqualTo("hello.team-a");
        assertThat(Namespaces.namespaceOf("hello.team-a")).isEqualTo("team-a");
        assertThat(Namespaces.nameOf("hello.team-a")).isEqualTo("hello");
        assertThat(Namespaces.namespaceOf("hello")).isEqualTo("default");
        assertThat(Namespaces.nameOf("hello")).isEqualTo("hello");
    }

    @Test
    void aRevisionIsKeyedInItsFunctionsNamespace() {
        assertThat(Revision.nameFor("hello.team-a", 1)).isEqualTo("hello-00001.team-a");
        assertThat(Revision.nameFor("hello", 12)).isEqualTo("hello-00012");
        assertThat(Namespaces.sibling("hello.team-a", "hello-00002")).isEqualTo("hello-00002.team-a");
    }

    @Test
    void aNamespaceNameIsAShortDnsLabel() {
        assertThat(Namespaces.problem("team-a")).isNull();
        assertThat(Namespaces.problem("Team_A")).contains("DNS-1123");
        assertThat(Namespaces.problem("a.b")).contains("DNS-1123");
        assertThat(Namespaces.problem("x".repeat(41))).contains("longer than 40");
        assertThat(Namespaces.problem("")).isNotNull();
    }
}
