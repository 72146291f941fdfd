package dev.skiff.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * One keep-alive HTTP/1.1 connection on a plain blocking socket: a request is one write of
 * prebuilt bytes, its answer is read by a {@link ResponseReader}. It reconnects by itself after the
 * server closed the connection or after {@link #close}.
 */
public final class HttpConnection implements Closeable {
    private final InetSocketAddress address;
    private final int timeoutMillis;
    private Socket socket;
    private OutputStream out;
    private ResponseReader reader;

    /** A connection to {@code target}, opened on first use; a response slower than {@code timeout} fails. */
    public HttpConnection(Target target, Duration timeout) {
        this.address = new InetSocketAddress(target.host(), target.port());
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /** Opens the connection now unless it is open. */
    public void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.connect(address, timeoutMillis);
            opened.setSoTimeout(timeoutMillis);
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        socket = opened;
        out = opened.getOutputStream();
        reader = new ResponseReader(opened.getInputStream());
    }

    /**
     * Sends {@code request} (complete HTTP/1.1 request bytes) and reads the whole answer.
     *
     * @return the answer's status code
     * @throws IOException when the connection fails; it is closed and the next call reconnects
     */
    public int exchange(byte[] request) throws IOException {
        connect();
        try {
            out.write(request);
            int status = reader.read();
            if (!reader.keepAlive()) {
                close();
            }
            return status;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Closes the socket; the next exchange opens a new one. */
    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that already failed: there is nothing left to release.
        } finally {
            socket = null;
            out = null;
            reader = null;
        }
    }
}
