package dev.skiff.worker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A thread-per-connection HTTP/1.1 keep-alive server for one {@link Handler}, with a graceful stop. */
final class WorkerServer {
    private static final long ACCEPT_PAUSE_MILLIS = 50;
    private final ServerSocket listener;
    private final Handler handler;
    /** A training run for the start-up cache: requests exercise the server, never the function's code. */
    private final boolean training;
    private final WorkerContext.Identity identity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;
    private volatile boolean stopping;

    WorkerServer(String host, int port, Handler handler, WorkerContext.Identity identity, boolean training)
            throws IOException {
        this.training = training;
        this.listener = new ServerSocket();
        this.listener.setReuseAddress(true);
        this.listener.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
        this.handler = handler;
        this.identity = identity;
    }

    /** Accepts connections, each on its own daemon thread, until {@link #stop}. */
    void serve() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                pauseAfter(e);
                continue;
            }
            Thread.ofPlatform().daemon().name("skiff-connection").start(() -> serveConnection(socket));
        }
    }

    /** Stops accepting, waits up to {@code drainSeconds} for in-flight requests, and returns how many were left. */
    int stop(long drainSeconds) throws InterruptedException {
        lock.lock();
        try {
            stopping = true;
            closeQuietly(listener);
            System.err.println("SKIFF: stopping; finishing " + inFlight + " in-flight request(s)");
            long nanos = TimeUnit.SECONDS.toNanos(drainSeconds);
            while (inFlight > 0 && nanos > 0) {
                nanos = idle.awaitNanos(nanos);
            }
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            HttpCodec codec = new HttpCodec(new BufferedInputStream(socket.getInputStream(), 16384),
                    new BufferedOutputStream(socket.getOutputStream(), 16384));
            boolean keepAlive = true;
            while (keepAlive) {
                HttpCodec.Head head;
                try {
                    head = codec.readHead();
                } catch (HttpCodec.BadRequest e) {
                    badRequest(codec, e);
                    return;
                }
                if (head == null) {
                    return;
                }
                keepAlive = exchange(codec, head);
            }
        } catch (IOException e) {
            // The peer went away; nothing to answer.
        }
    }

    private boolean exchange(HttpCodec codec, HttpCodec.Head head) throws IOException {
        enter();
        try {
            byte[] body;
            try {
                body = codec.readBody(head);
            } catch (HttpCodec.BadRequest e) {
                badRequest(codec, e);
                return false;
            }
            Answers.Answer answer = call(new WorkerRequest(head.method(), head.target(), head.headers(), body));
            boolean keepAlive = head.keepAlive() && !stopping;
            codec.write(answer.status(), answer.headers(), answer.body(), keepAlive, head.method().equals("HEAD"));
            return keepAlive;
        } finally {
            leave();
        }
    }

    private static final Map<String, Object> TRAINING_ANSWER =
            Map.of("training", true, "note", "the handler is loaded but never called in a training run");

    private Answers.Answer call(WorkerRequest request) {
        WorkerContext context = new WorkerContext(identity);
        try {
            return Answers.render(training ? TRAINING_ANSWER : handler.call(request, context), context);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            e.printStackTrace();
            return Answers.failure(e);
        }
    }

    private static void badRequest(HttpCodec codec, HttpCodec.BadRequest e) throws IOException {
        Answers.Answer answer = Answers.error(400, "MalformedRequest", e.getMessage());
        codec.write(answer.status(), answer.headers(), answer.body(), false, false);
    }

    private void enter() {
        lock.lock();
        try {
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            inFlight--;
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** After a failed accept (e.g. out of file descriptors) waits a moment rather than spinning; silent when stopping. */
    private void pauseAfter(IOException error) {
        if (stopping) {
            return;
        }
        System.err.println("SKIFF: accept failed: " + error);
        try {
            Thread.sleep(ACCEPT_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            System.err.println("SKIFF: cannot close the listening socket: " + e);
        }
    }
}
