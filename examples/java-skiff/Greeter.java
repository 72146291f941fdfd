package com.example;

import dev.skiff.function.Context;
import dev.skiff.function.Request;
import dev.skiff.function.SkiffFunction;
import java.util.Map;

/** A Skiff function using the SkiffFunction interface: it sees the method, path, query and headers. */
public class Greeter implements SkiffFunction {
    /** The answer's shape, written as JSON. */
    public record Greeting(String message, String method, String path) {}

    @Override
    public Object handle(Request request, Context context) {
        String name = request.queryParameter("name");
        if (name == null) {
            context.setStatus(400);
            return Map.of("error", "say ?name=...");
        }
        context.setHeader("X-Greeted-By", context.functionName());
        return new Greeting("Hello, " + name + "!", request.method(), request.path());
    }
}
