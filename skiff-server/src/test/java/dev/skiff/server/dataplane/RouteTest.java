package dev.skiff.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionDefaults;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Revision;
import dev.skiff.api.Source;
import dev.skiff.server.serving.ServedRevision;
import dev.skiff.server.serving.ServingOptions;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {
    private static ServedRevision server(int number) {
        FunctionSpec spec = FunctionDefaults.apply(Function.of("hello", FunctionSpec.builder().runtime("python3")
                .handler("main.handle").source(Source.text("main.py", "")).build())).spec();
        Revision revision = new Revision(Revision.nameFor("hello", number), "hello", number, spec, "2026-11-22T00:00:00Z");
        return new ServedRevision(revision, null, null, spec.scale(), ServingOptions.of(10, 4));
    }

    @Test
    void pick_split70to30_drawsEachRevisionByItsWeight() {
        ServedRevision one = server(1);
        ServedRevision two = server(2);
        Route route = Route.builder("hello").split(one, 70).split(two, 30).build();
        Map<ServedRevision, Integer> seen = new IdentityHashMap<>();

        for (int i = 0; i < 100_000; i++) {
            seen.merge(route.pick(), 1, Integer::sum);
        }

        assertThat(seen.get(one) / 100_000.0).isCloseTo(0.70, within(0.01));
        assertThat(seen.get(two) / 100_000.0).isCloseTo(0.30, within(0.01));
        assertThat(route.share(one)).isEqualTo(70);
    }

    @Test
    void tagged_routesToItsRevisionWithoutAShare() {
        ServedRevision one = server(1);
        ServedRevision two = server(2);
        Route route = Route.builder("hello").split(one, 100).tag("canary", two).build();

        assertThat(route.tagged("canary")).isSameAs(two);
        assertThat(route.tagged("nope")).isNull();
        assertThat(route.share(two)).isZero();
        assertThat(route.revisions()).containsExactlyInAnyOrder(one, two);
        assertThat(route.revision("hello-00002")).isSameAs(two);
        for (int i = 0; i < 1000; i++) {
            assertThat(route.pick()).isSameAs(one);
        }
    }

    @Test
    void build_sharesNotSummingTo100_isRefused() {
        assertThatThrownBy(() -> Route.builder("hello").split(server(1), 60).split(server(2), 30).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("90%");
    }
}
