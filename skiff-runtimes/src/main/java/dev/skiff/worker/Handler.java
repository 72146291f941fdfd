package dev.skiff.worker;

import dev.skiff.function.SkiffFunction;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.function.Function;

/**
 * A function's handler class, loaded and instantiated: a {@link SkiffFunction}, or a plain
 * {@code java.util.function.Function} that receives the body as a {@code String} (UTF-8) or, when
 * declared {@code Function<byte[], ?>}, as the raw bytes.
 */
final class Handler {
    private final SkiffFunction function;

    private Handler(SkiffFunction function) {
        this.function = function;
    }

    /** Thrown when the handler cannot be loaded; the message is the one-line reason. */
    static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;

        LoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Loads {@code className} with {@code loader} and creates one instance with its public no-argument constructor. */
    static Handler load(String className, ClassLoader loader) throws LoadException {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new LoadException("class " + className + " not found (no " + className.replace('.', '/')
                    + ".class in the function's classes or jars)", e);
        }
        boolean skiff = SkiffFunction.class.isAssignableFrom(type);
        if (!skiff && !Function.class.isAssignableFrom(type)) {
            throw new LoadException("class " + className + " implements neither dev.skiff.function.SkiffFunction"
                    + " nor java.util.function.Function", null);
        }
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw new LoadException("class " + className + " is abstract; the handler must be a concrete class", null);
        }
        Object instance = instantiate(type);
        if (skiff) {
            return new Handler((SkiffFunction) instance);
        }
        @SuppressWarnings("unchecked")
        Function<Object, Object> plain = (Function<Object, Object>) instance;
        return bytesInput(type)
                ? new Handler((request, context) -> plain.apply(request.body()))
                : new Handler((request, context) -> plain.apply(request.bodyAsString()));
    }

    /** Calls the handler. */
    Object call(WorkerRequest request, WorkerContext context) throws Exception {
        return function.handle(request, context);
    }

    private static Object instantiate(Class<?> type) throws LoadException {
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new LoadException("class " + type.getName() + " has no constructor without parameters", e);
        } catch (LinkageError e) {
            throw new LoadException(describe(e) + " while loading " + type.getName(), e);
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new LoadException(describe(e.getCause()) + where(e.getCause(), type), e.getCause());
        } catch (ExceptionInInitializerError e) {
            throw new LoadException(describe(e.getCause()) + where(e.getCause(), type), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new LoadException(describe(e) + " while creating " + type.getName(), e);
        }
    }

    /** True when the class implements {@code Function<byte[], ...>}, directly or through a superclass. */
    private static boolean bytesInput(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized && parameterized.getRawType() == Function.class) {
                    return parameterized.getActualTypeArguments()[0] == byte[].class;
                }
            }
        }
        return false;
    }

    /** {@code Type: message}, as the contract's error messages read. */
    static String describe(Throwable error) {
        return error.getMessage() == null
                ? error.getClass().getSimpleName() : error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    /** {@code " (Hello.java, line 7)"} for the innermost frame of the handler's class, or nothing. */
    private static String where(Throwable error, Class<?> type) {
        for (StackTraceElement frame : error.getStackTrace()) {
            if (frame.getClassName().startsWith(type.getName()) && frame.getFileName() != null && frame.getLineNumber() > 0) {
                return " (" + frame.getFileName() + ", line " + frame.getLineNumber() + ")";
            }
        }
        return "";
    }
}
