package io.kurir.delivery.smtp;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One TCP connection to one server, blocking. Every read waits at most the stage's timeout
 * ({@link Socket#setSoTimeout}); every write is guarded by a timer that closes the socket when
 * the write has not finished in time (a server that stops reading cannot block us forever).
 * I/O failures come out as {@link SessionFailure}s worded as Postfix words them. Used by one
 * thread at a time.
 */
final class SmtpConnection implements Closeable {

    private static final int WRITE_CHUNK = 64 * 1024;

    private final Target target;
    private final SmtpSettings settings;
    private final ScheduledExecutorService timer;
    /** The TCP socket: closing it never blocks, unlike closing a TLS socket (close_notify). */
    private final Socket tcp;
    private Socket socket;
    private OutputStream out;
    private ReplyReader reader;
    private EhloFeatures features = EhloFeatures.NONE;
    private boolean tls;
    private int transactions;
    private volatile boolean closedByTimer;

    private SmtpConnection(Target target, SmtpSettings settings, ScheduledExecutorService timer, Socket socket)
            throws IOException {
        this.target = target;
        this.settings = settings;
        this.timer = timer;
        this.tcp = socket;
        use(socket);
    }

    /** Connects within {@code smtp-connect-timeout}. */
    static SmtpConnection connect(Target target, SmtpSettings settings, ScheduledExecutorService timer)
            throws SessionFailure {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.address(), target.port()),
                    (int) Math.max(1, settings.connectTimeout().toMillis()));
            return new SmtpConnection(target, settings, timer, socket);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw SessionFailure.connect(target, "Connection timed out");
        } catch (ConnectException e) {
            closeQuietly(socket);
            throw SessionFailure.connect(target, "Connection refused");
        } catch (IOException e) {
            closeQuietly(socket);
            throw SessionFailure.connect(target, reason(e));
        }
    }

    private void use(Socket s) throws IOException {
        socket = s;
        out = s.getOutputStream();
        reader = new ReplyReader(s.getInputStream());
    }

    Target target() {
        return target;
    }

    EhloFeatures features() {
        return features;
    }

    void features(EhloFeatures f) {
        features = f;
    }

    boolean isTls() {
        return tls;
    }

    /** Transactions begun on this connection ({@code smtp-connection-reuse-count-limit}). */
    int transactions() {
        return transactions;
    }

    void countTransaction() {
        transactions++;
    }

    boolean isClosed() {
        return tcp.isClosed();
    }

    /** Sends one command line and reads its reply. */
    ServerReply command(String line, Stage stage) throws SessionFailure {
        write(line + "\r\n", stage);
        return read(stage);
    }

    void write(String text, Stage stage) throws SessionFailure {
        write(text.getBytes(StandardCharsets.UTF_8), stage);
    }

    /** Writes {@code bytes}; each chunk of 64 KiB must go out within the stage's timeout. */
    void write(byte[] bytes, Stage stage) throws SessionFailure {
        long timeout = stage.timeout(settings).toMillis();
        for (int off = 0; off < bytes.length; off += WRITE_CHUNK) {
            int len = Math.min(WRITE_CHUNK, bytes.length - off);
            ScheduledFuture<?> alarm = timer.schedule(() -> {
                closedByTimer = true;
                closeQuietly(tcp);
            }, timeout, TimeUnit.MILLISECONDS);
            try {
                out.write(bytes, off, len);
                out.flush();
            } catch (IOException e) {
                throw closedByTimer ? SessionFailure.timeout(target, stage) : SessionFailure.lost(target, stage);
            } finally {
                alarm.cancel(false);
            }
        }
    }

    /** The next reply, waiting at most the stage's timeout. */
    ServerReply read(Stage stage) throws SessionFailure {
        try {
            socket.setSoTimeout((int) Math.max(1, stage.timeout(settings).toMillis()));
            return reader.read();
        } catch (SocketTimeoutException e) {
            throw SessionFailure.timeout(target, stage);
        } catch (SmtpProtocolException e) {
            throw SessionFailure.protocol(target, stage, e.getMessage());
        } catch (EOFException e) {
            throw SessionFailure.lost(target, stage);
        } catch (IOException e) {
            throw closedByTimer ? SessionFailure.timeout(target, stage) : SessionFailure.lost(target, stage);
        }
    }

    /**
     * RFC 3207 section 4 and 5: after the server's 220 to STARTTLS, the TLS handshake on the same
     * connection, TLS 1.2 or newer. Anything the server sent after the 220 in plaintext would be
     * read as if it came over TLS (reply injection), so it is an error.
     */
    void startTls(SSLContext context) throws SessionFailure {
        try {
            if (reader.buffered() > 0) {
                throw SessionFailure.protocol(target, Stage.STARTTLS, "server sent data after its reply to STARTTLS");
            }
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, target.hostname(),
                    target.port(), true);
            ssl.setUseClientMode(true);
            String[] protocols = Arrays.stream(ssl.getSupportedProtocols())
                    .filter(p -> p.equals("TLSv1.2") || p.equals("TLSv1.3")).toArray(String[]::new);
            ssl.setEnabledProtocols(protocols);
            ssl.setSoTimeout((int) Math.max(1, Stage.STARTTLS.timeout(settings).toMillis()));
            ssl.startHandshake();
            use(ssl);
            tls = true;
            features = EhloFeatures.NONE; // RFC 3207 section 4.2: forget what was learnt before TLS
        } catch (SocketTimeoutException e) {
            throw SessionFailure.timeout(target, Stage.STARTTLS);
        } catch (IOException e) {
            throw SessionFailure.local(target, "4.7.5", "Cannot start TLS: handshake failure with " + target.label()
                    + ": " + reason(e));
        }
    }

    /** QUIT (RFC 5321 section 4.1.1.10), its reply awaited for {@code smtp-quit-timeout}, then close. */
    void quit() {
        try {
            command("QUIT", Stage.QUIT);
        } catch (SessionFailure e) {
            // the server may close first; nothing is lost
        } finally {
            close();
        }
    }

    /** QUIT without waiting for the reply (an idle connection leaving the cache), then close. */
    void quitNoWait() {
        try {
            socket.setSoTimeout(1);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // closed by the server already
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        closeQuietly(tcp);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : ReplyReader.printable(m, 200);
    }
}
