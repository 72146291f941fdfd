package dev.skiff.kubernetes.pods;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a runtime image of {@code deploy/images} puts on top of its base image, read from its
 * Dockerfile: the files of its {@code COPY} lines (from the repository), its {@code ENV} and its
 * {@code ENTRYPOINT}. The base image's own software (Python, Node.js, a JDK, unzip) is this
 * machine's, which stands in for it.
 *
 * @param files each file's path in the image and the repository file it comes from
 * @param env the image's environment
 * @param entrypoint the image's entry point
 */
record RuntimeImage(Map<String, Path> files, Map<String, String> env, List<String> entrypoint) {
    /** The image of {@code deploy/images/<runtime>/Dockerfile} in the repository at {@code repo}. */
    static RuntimeImage of(Path repo, String runtime) {
        Path dockerfile = repo.resolve("deploy/images").resolve(runtime).resolve("Dockerfile");
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        List<String> entrypoint = List.of();
        try {
            for (String line : joined(Files.readAllLines(dockerfile))) {
                String[] words = line.strip().split("\\s+");
                switch (words[0]) {
                    case "COPY" -> copy(repo, Arrays.asList(words).subList(1, words.length), files);
                    case "ENV" -> Arrays.stream(words).skip(1).map(w -> w.split("=", 2))
                            .forEach(pair -> env.put(pair[0], pair[1]));
                    case "ENTRYPOINT" -> entrypoint = Arrays.asList(new ObjectMapper()
                            .readValue(line.strip().substring("ENTRYPOINT".length()).strip(), String[].class));
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty() || entrypoint.isEmpty()) {
            throw new IllegalStateException(dockerfile + " has no COPY or no ENTRYPOINT");
        }
        return new RuntimeImage(files, env, entrypoint);
    }

    /** This image with a layer of {@code layerFiles} and {@code layerEnv} on top, as {@code skiff build} adds one. */
    RuntimeImage with(Map<String, Path> layerFiles, Map<String, String> layerEnv) {
        Map<String, Path> allFiles = new LinkedHashMap<>(files);
        allFiles.putAll(layerFiles);
        Map<String, String> allEnv = new LinkedHashMap<>(env);
        allEnv.putAll(layerEnv);
        return new RuntimeImage(allFiles, allEnv, entrypoint);
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> joined(List<String> lines) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.strip().startsWith("#") || line.isBlank()) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                instructions.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        return instructions;
    }

    /** Docker's COPY: into a directory when the destination ends with '/', a directory's contents. */
    private static void copy(Path repo, List<String> words, Map<String, Path> files) throws IOException {
        String destination = words.getLast();
        for (String source : words.subList(0, words.size() - 1)) {
            Path from = repo.resolve(source);
            if (Files.isDirectory(from)) {
                try (Stream<Path> walk = Files.walk(from)) {
                    for (Path file : walk.filter(Files::isRegularFile).toList()) {
                        files.put(withSlash(destination) + from.relativize(file), file);
                    }
                }
            } else if (Files.isRegularFile(from)) {
                files.put(destination.endsWith("/") ? destination + from.getFileName() : destination, from);
            } else {
                throw new IllegalStateException("COPY " + source + ": no such file in the repository (build it first)");
            }
        }
    }

    private static String withSlash(String path) {
        return path.endsWith("/") ? path : path + "/";
    }
}
