package dev.skiff.kubernetes.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A pod run on this machine the way a kubelet would run it, as far as Skiff's pods need: each
 * container in a bubblewrap sandbox whose root holds only this machine's {@code /usr} and
 * {@code /etc} (standing in for the base image), the runtime image's own files, {@code /dev},
 * {@code /proc}, a fresh {@code /tmp} and the pod's volumes at the containers' mount paths
 * (ConfigMaps written as {@link KubeletConfigMap} does, emptyDirs and claims as directories). The
 * init containers run to completion first, in order; a failed one stops the pod as it would stop a
 * real one. The network is the host's, so the test reaches the container on its {@code PORT}.
 */
final class EmulatedPod implements AutoCloseable {
    private static final Duration INIT_TIMEOUT = Duration.ofMinutes(2);
    private final Path dir;
    private final RuntimeImage image;
    private final Map<String, Path> volumes = new LinkedHashMap<>();
    private final Path staged;
    private Process main;
    private Path mainLog;

    private EmulatedPod(Path dir, RuntimeImage image) throws IOException {
        this.dir = dir;
        this.image = image;
        this.staged = Files.createDirectories(dir.resolve("image"));
        for (Map.Entry<String, Path> file : image.files().entrySet()) {
            Path target = staged.resolve(file.getKey().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(file.getValue(), target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The pod of {@code spec}, its ConfigMaps by name in {@code configMaps}, its files under {@code dir}. */
    static EmulatedPod of(PodSpec spec, Map<String, ConfigMap> configMaps, RuntimeImage image, Path dir) throws IOException {
        EmulatedPod pod = new EmulatedPod(dir, image);
        for (Volume volume : spec.getVolumes()) {
            Path path = Files.createDirectories(dir.resolve("volumes").resolve(volume.getName()));
            if (volume.getConfigMap() != null) {
                ConfigMap configMap = configMaps.get(volume.getConfigMap().getName());
                if (configMap == null) {
                    throw new IllegalStateException("the pod mounts ConfigMap " + volume.getConfigMap().getName()
                            + ", which the translation did not make");
                }
                KubeletConfigMap.mount(configMap, path);
            }
            pod.volumes.put(volume.getName(), path);
        }
        return pod;
    }

    /** The directory standing in for the volume {@code name} (a claim's contents, say). */
    Path volume(String name) {
        return volumes.get(name);
    }

    /**
     * Runs {@code init} to completion.
     *
     * @return its exit status and what it wrote on standard error
     */
    Exit runInit(Container init) throws IOException, InterruptedException {
        Path log = dir.resolve(init.getName() + ".log");
        Process process = sandbox(init, Map.of()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(INIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("init container " + init.getName() + " did not finish: " + Files.readString(log));
        }
        return new Exit(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code container} with {@code env} over its own, and waits until it accepts connections on {@code port}.
     *
     * @throws IllegalStateException when it exits first, with its output
     */
    void start(Container container, Map<String, String> env, int port) throws IOException, InterruptedException {
        mainLog = dir.resolve(container.getName() + ".log");
        main = sandbox(container, env).redirectErrorStream(true).redirectOutput(mainLog.toFile()).start();
        long deadline = System.nanoTime() + INIT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!main.isAlive()) {
                throw new IllegalStateException("container " + container.getName() + " exited " + main.exitValue()
                        + ": " + Files.readString(mainLog));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("container " + container.getName() + " never listened: " + Files.readString(mainLog));
    }

    /** What the main container wrote so far. */
    String log() {
        try {
            return mainLog == null ? "" : Files.readString(mainLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder sandbox(Container container, Map<String, String> extraEnv) {
        List<String> command = new ArrayList<>(List.of("bwrap", "--die-with-parent", "--unshare-pid", "--unshare-ipc",
                "--unshare-uts", "--hostname", "pod", "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"));
        for (String link : List.of("bin", "lib", "lib64", "sbin")) {
            command.addAll(List.of("--symlink", "usr/" + link, "/" + link));
        }
        command.addAll(List.of("--tmpfs", "/usr/local", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
        for (String file : image.files().keySet()) {
            command.addAll(List.of("--ro-bind", staged.resolve(file.substring(1)).toString(), file));
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            Path source = volumes.get(mount.getName());
            if (source == null) {
                throw new IllegalStateException("container " + container.getName() + " mounts " + mount.getName()
                        + ", which the pod does not have");
            }
            boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly());
            command.addAll(List.of(readOnly ? "--ro-bind" : "--bind", source.toString(), mount.getMountPath()));
        }
        command.addAll(List.of("--chdir", "/"));
        command.addAll(container.getCommand() == null || container.getCommand().isEmpty()
                ? image.entrypoint() : container.getCommand());
        if (container.getArgs() != null) {
            command.addAll(container.getArgs());
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        environment.put("HOME", "/tmp");
        environment.putAll(image.env());
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                environment.put(var.getName(), var.getValue());
            }
        }
        environment.putAll(extraEnv);
        return builder;
    }

    @Override
    public void close() throws InterruptedException {
        if (main != null) {
            main.destroy();
            if (!main.waitFor(10, TimeUnit.SECONDS)) {
                main.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * How a container ended.
     *
     * @param status its exit status
     * @param output what it wrote
     */
    record Exit(int status, String output) {}
}
