import java.util.Map;
import java.util.function.Function;

/** A Skiff function with no dependency: the request body arrives as a String, a Map answers JSON. */
public class Hello implements Function<String, Object> {
    @Override
    public Object apply(String body) {
        String name = body.isBlank() ? "World" : body.strip();
        return Map.of("message", "Hello, " + name + "!");
    }
}
