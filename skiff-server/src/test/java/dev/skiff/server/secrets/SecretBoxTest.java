package dev.skiff.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Sealed values open with their key and label only, and a sealed value shows nothing of the plain one. */
class SecretBoxTest {
    private final SecretBox box = new SecretBox(SecretBox.newKey());
    private final byte[] plain = "hunter2-hunter2".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedValue_opensWithItsKeyAndLabel_andDiffersEachTime() throws Exception {
        byte[] once = box.seal(plain, "db.team-a");
        byte[] twice = box.seal(plain, "db.team-a");

        assertThat(box.open(once, "db.team-a")).isEqualTo(plain);
        assertThat(once).isNotEqualTo(twice);
        assertThat(new String(once, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
    }

    @Test
    void anotherKey_anotherLabel_orOneChangedByte_doesNotOpenIt() {
        byte[] sealed = box.seal(plain, "db.team-a");
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> new SecretBox(SecretBox.newKey()).open(sealed, "db.team-a")).isInstanceOf(SecretBox.WrongKey.class);
        assertThatThrownBy(() -> box.open(sealed, "db.team-b")).isInstanceOf(SecretBox.WrongKey.class);
        assertThatThrownBy(() -> box.open(altered, "db.team-a")).isInstanceOf(SecretBox.WrongKey.class);
        assertThatThrownBy(() -> box.open(new byte[3], "db.team-a")).isInstanceOf(SecretBox.WrongKey.class);
    }
}
