package dev.skiff.runtimes.java;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Java handler's class name, in binary form ({@code com.example.Hello}, {@code a.Outer$Inner}). */
final class JavaClassName {
    private static final Pattern FORM = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\p{L}\\p{N}_$.\\s]+?)\\s*;", Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private JavaClassName() {}

    /** True when {@code name} is a binary class name. */
    static boolean valid(String name) {
        return name != null && FORM.matcher(name).matches();
    }

    /** The simple name of a top-level class: {@code Hello} for {@code com.example.Hello}. */
    static String simpleName(String name) {
        String top = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
        return top.substring(top.lastIndexOf('.') + 1);
    }

    /** The package of {@code name}, or an empty string. */
    static String packageOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    /** The package a source declares (comments ignored), or an empty string for the unnamed package. */
    static String declaredPackage(String source) {
        Matcher matcher = PACKAGE.matcher(COMMENT.matcher(source).replaceAll(" "));
        return matcher.find() ? matcher.group(1).replaceAll("\\s", "") : "";
    }
}
