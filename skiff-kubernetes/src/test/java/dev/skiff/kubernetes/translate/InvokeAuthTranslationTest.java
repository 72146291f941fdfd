package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import org.junit.jupiter.api.Test;

/**
 * {@code auth: token} is checked by the embedded server only. Exported or reconciled as it is, the
 * function would answer anyone on a cluster, so the translation refuses it, saying what to do.
 */
class InvokeAuthTranslationTest {
    private static FunctionSpec spec(String auth) {
        return Fixtures.admission().admit("hello", FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", "pass")).auth(auth).build());
    }

    @Test
    void aFunctionRequiringATokens_isNotTranslated_withAReasonAndAWayOut() {
        assertThatThrownBy(() -> FunctionRevision.of("default", "hello", "hello-00001", spec("token")))
                .isInstanceOfSatisfying(TranslationException.class, e -> {
                    assertThat(e.reason()).isEqualTo("AuthUnsupported");
                    assertThat(e.getMessage()).contains("spec.auth").contains("ClusterIP");
                });
    }

    @Test
    void aPublicFunction_isTranslatedAsBefore() {
        assertThat(FunctionRevision.of("default", "hello", "hello-00001", spec("public")).spec().requiresToken()).isFalse();
        assertThat(FunctionRevision.of("default", "hello", "hello-00001", spec(null)).spec().requiresToken()).isFalse();
    }
}
