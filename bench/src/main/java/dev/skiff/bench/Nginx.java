package dev.skiff.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as a keep-alive reverse proxy to one upstream (a port or a Unix socket): the baseline a gateway should
 * at least match. One worker process per core (as Skiff runs one event loop per core), its access
 * log on (nginx's default; buffered, as a busy proxy's usually is) or off, HTTP/1.1 with pooled
 * keep-alive connections to the upstream, and the forwarding headers a
 * reverse proxy in front of an app sets ({@code X-Forwarded-For}, {@code -Proto}, {@code -Host},
 * {@code X-Request-Id}): those Skiff's gateway sets, so that both hand the worker the same request.
 */
final class Nginx implements AutoCloseable {
    private static final List<String> LOCATIONS = List.of("/usr/sbin/nginx", "/usr/bin/nginx");
    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The nginx binary, or null when it is not installed. */
    static Path binary() {
        return LOCATIONS.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /**
     * Starts nginx in {@code dir}, proxying every path to {@code upstream} ({@code 127.0.0.1:port} or
     * {@code unix:/path}), writing an access log line per request when {@code accessLog} (in
     * {@code dir/access.log}, nginx's {@code combined} format, flushed every 64 KiB or second);
     * waits until it listens.
     */
    static Nginx start(Path dir, String upstream, boolean accessLog) throws IOException, InterruptedException {
        Path binary = binary();
        if (binary == null) {
            throw new IOException("nginx is not installed (apt-get install nginx); it is the gateway's baseline");
        }
        Files.createDirectories(dir.resolve("tmp"));
        int port = freePort();
        boolean root = "root".equals(System.getProperty("user.name"));
        String conf = """
                %s
                worker_processes %d;
                daemon off;
                master_process on;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log %s;
                  client_body_temp_path %s/tmp/body;
                  proxy_temp_path %s/tmp/proxy;
                  fastcgi_temp_path %s/tmp/fastcgi;
                  uwsgi_temp_path %s/tmp/uwsgi;
                  scgi_temp_path %s/tmp/scgi;
                  upstream worker {
                    server %s;
                    keepalive 256;
                  }
                  server {
                    listen 127.0.0.1:%d;
                    keepalive_requests 1000000;
                    location / {
                      proxy_pass http://worker;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_set_header X-Forwarded-Proto $scheme;
                      proxy_set_header X-Forwarded-Host $http_host;
                      proxy_set_header X-Request-Id $request_id;
                    }
                  }
                }
                """.formatted(root ? "user root;" : "", Runtime.getRuntime().availableProcessors(),
                dir, dir, accessLog ? dir + "/access.log combined buffer=64k flush=1s" : "off",
                dir, dir, dir, dir, dir, upstream, port);
        Path file = Files.writeString(dir.resolve("nginx.conf"), conf);
        Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        Nginx nginx = new Nginx(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!nginx.listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                nginx.close();
                throw new IOException("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            Thread.sleep(20);
        }
        return nginx;
    }

    /** The master process's id (its workers are its children). */
    long pid() {
        return process.pid();
    }

    /** The port nginx listens on. */
    int port() {
        return port;
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops nginx (SIGTERM: fast shutdown) and its workers. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
