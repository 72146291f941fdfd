package dev.skiff.server.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SandboxUserTest {
    private static final SandboxUser USER = new SandboxUser(65532, 65532);

    @Test
    void parse_uidOrUidAndGid_neverRoot() {
        assertThat(SandboxUser.parse("1234")).isEqualTo(new SandboxUser(1234, 1234));
        assertThat(SandboxUser.parse("1234:99")).isEqualTo(new SandboxUser(1234, 99));
        assertThatThrownBy(() -> SandboxUser.parse("0")).hasMessageContaining("unprivileged");
        assertThatThrownBy(() -> SandboxUser.parse("1:0")).hasMessageContaining("unprivileged");
        assertThatThrownBy(() -> SandboxUser.parse("nobody")).hasMessageContaining("UID or UID:GID");
        assertThatThrownBy(() -> SandboxUser.parse("1:2:3")).hasMessageContaining("UID or UID:GID");
    }

    @Test
    void refusal_readsTheBitsThatApply_ownerThenGroupThenOthers() {
        assertThat(USER.refusal(65532, 0, 0700, true)).isEmpty();
        assertThat(USER.refusal(0, 65532, 0750, false)).isEmpty();
        assertThat(USER.refusal(0, 0, 0755, false)).isEmpty();
        assertThat(USER.refusal(0, 0, 0777, true)).isEmpty();
        assertThat(USER.refusal(0, 0, 0700, false)).get().asString()
                .contains("uid 65532").contains("cannot read it").contains("owner 0:0, mode 0700")
                .contains("chown 65532:65532").contains("chmod o+rx)").doesNotContain("readOnly");
        assertThat(USER.refusal(0, 0, 0755, true)).get().asString().contains("cannot write in it").contains("chmod o+rxw")
                .contains("or mount it readOnly");
        // The owner's bits apply to the owner even when the others' would allow more, as the kernel checks them.
        assertThat(USER.refusal(65532, 0, 0077, false)).get().asString().contains("cannot read");
    }
}
