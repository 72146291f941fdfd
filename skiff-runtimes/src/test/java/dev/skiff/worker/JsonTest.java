package dev.skiff.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Point(int x, List<String> tags) {}

    enum Color { RED }

    @Test
    void writesTheCommonTypes() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("s", "a\"b\\c\n\u0001é");
        map.put("n", Arrays.asList(1, 2.5, -3L, true, null));
        map.put("r", new Point(1, List.of("t")));
        map.put("e", Color.RED);
        map.put("o", Optional.empty());
        map.put("a", new int[] {1, 2});
        map.put(7, 'c');
        assertThat(Json.write(map)).isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"n\":[1,2.5,-3,true,null],"
                + "\"r\":{\"x\":1,\"tags\":[\"t\"]},\"e\":\"RED\",\"o\":null,\"a\":[1,2],\"7\":\"c\"}");
        assertThat(Json.write(new StringBuilder("x"))).isEqualTo("\"x\"");
        assertThat(Json.write(new Object() {
            @Override
            public String toString() {
                return "other";
            }
        })).isEqualTo("\"other\"");
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).hasMessage("JSON has no NaN");
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Json.write(cycle)).hasMessageContaining("nests deeper");
    }

    @Test
    void requestDecodesPathAndQuery() {
        WorkerRequest request = new WorkerRequest("GET", "/a%20b+c?x=1&x=2+3&y&z=%zz", Map.of("x-a", "v"), new byte[0]);
        assertThat(request.path()).isEqualTo("/a b+c");
        assertThat(request.queryParameters()).containsEntry("x", List.of("1", "2 3")).containsEntry("y", List.of(""));
        assertThat(request.queryParameter("z")).isEqualTo("%zz");
        assertThat(request.header("X-A")).isEqualTo("v");
        assertThat(new WorkerRequest("GET", "?q", Map.of(), new byte[0]).path()).isEqualTo("/");
    }
}
