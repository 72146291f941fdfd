package dev.skiff.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvocationTargetTest {
    @Test
    void functionUrl_givesTheFunctionThePathUnderItsName_andTheQuery() {
        assertThat(InvocationTarget.of("/function/hello/a/b", "x=1")).isEqualTo(new InvocationTarget("hello", null, "/a/b?x=1"));
        assertThat(InvocationTarget.of("/function/hello", null)).isEqualTo(new InvocationTarget("hello", null, "/"));
        assertThat(InvocationTarget.of("/function/hello/?q")).isEqualTo(new InvocationTarget("hello", null, "/?q"));
    }

    @Test
    void tag_afterAnAt_namesTheTaggedRevision() {
        assertThat(InvocationTarget.of("/function/hello@canary/x", null)).isEqualTo(new InvocationTarget("hello", "canary", "/x"));
    }

    @Test
    void restInvokeUrl_givesTheFunctionTheRootAndTheQuery() {
        assertThat(InvocationTarget.of("/api/v1/functions/hello/invoke", "x=1")).isEqualTo(new InvocationTarget("hello", null, "/?x=1"));
        assertThat(InvocationTarget.of("/api/v1/functions/hello/invoke", null)).isEqualTo(new InvocationTarget("hello", null, "/"));
    }

    @Test
    void otherPaths_andEmptyNamesOrTags_areNoTarget() {
        assertThat(InvocationTarget.of("/api/v1/functions/hello", null)).isNull();
        assertThat(InvocationTarget.of("/api/v1/functions/a/b/invoke", null)).isNull();
        assertThat(InvocationTarget.of("/functions", null)).isNull();
        assertThat(InvocationTarget.of("/function/", null)).isNull();
        assertThat(InvocationTarget.of("/function/@tag/x", null)).isNull();
        assertThat(InvocationTarget.of("/function/hello@", null)).isNull();
    }
}
