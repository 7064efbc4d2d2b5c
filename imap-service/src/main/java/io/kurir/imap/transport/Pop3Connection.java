package io.kurir.imap.transport;

import io.kurir.imap.pop3.Pop3Line;
import io.kurir.imap.pop3.Pop3LineDecoder;
import io.kurir.imap.session.Pop3Session;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One POP3 client: bytes go through the sans-I/O line decoder; each line runs in the session on a
 * worker thread while the socket is paused, so answers keep the order of pipelined commands
 * (RFC 2449 PIPELINING) and input stays bounded. RETR and TOP are written in chunks as the client
 * reads them.
 */
final class Pop3Connection {

    private static final Logger LOG = Logger.getLogger("pop3");
    private static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(3);
    private static final int CHUNK = 256 * 1024;

    private final Vertx vertx;
    private final NetSocket socket;
    private final Pop3Session session;
    private final Pop3LineDecoder decoder = new Pop3LineDecoder();
    private final Duration idle;
    private final Duration authFailureDelay;
    private final Runnable onClosed;
    private boolean busy;
    private boolean closed;
    private long timer = -1;

    Pop3Connection(Vertx vertx, NetSocket socket, Pop3Session session, Duration idle, Duration authFailureDelay,
            Runnable onClosed) {
        this.vertx = vertx;
        this.socket = socket;
        this.session = session;
        this.idle = idle;
        this.authFailureDelay = authFailureDelay;
        this.onClosed = onClosed;
    }

    void start() {
        socket.handler(this::onData);
        socket.closeHandler(v -> onClose());
        socket.exceptionHandler(e -> LOG.debugf("%s: %s", socket.remoteAddress(), e.getMessage()));
        socket.write(Buffer.buffer(session.greeting()));
        armTimer();
    }

    private void onData(Buffer buffer) {
        armTimer();
        byte[] bytes = buffer.getBytes();
        decoder.feed(bytes, 0, bytes.length);
        pump();
    }

    private void pump() {
        while (!busy && !closed) {
            Optional<Pop3Line> line = decoder.next();
            if (line.isEmpty()) {
                return;
            }
            run(line.get());
        }
    }

    private void run(Pop3Line line) {
        busy = true;
        socket.pause();
        vertx.executeBlocking(() -> session.handle(line), false).onComplete(ar -> {
            busy = false;
            if (closed) {
                return;
            }
            if (ar.failed()) {
                LOG.errorf("pop3: %s", ar.cause().toString());
                deliver(new Pop3Session.Output(List.of("-ERR [SYS/TEMP] Internal error.\r\n".getBytes()),
                        Pop3Session.After.CLOSE, Optional.empty(), false));
                return;
            }
            Pop3Session.Output out = ar.result();
            if (out.failedLogin() && !authFailureDelay.isZero()) {
                // Dovecot's auth_failure_delay: a password guesser gets its -ERR late; the socket stays paused meanwhile
                busy = true;
                vertx.setTimer(authFailureDelay.toMillis(), id -> {
                    busy = false;
                    if (!closed) {
                        deliver(out);
                    }
                });
                return;
            }
            deliver(out);
        });
    }

    private void deliver(Pop3Session.Output out) {
        ChunkedAnswer.writeAll(socket, out.writes());
        if (out.more().isPresent()) {
            produce(out.more().get(), out.after());
            return;
        }
        finish(out.after());
    }

    /** A message: the next chunk is made only when the socket has room for it; busy until it is complete. */
    private void produce(Pop3Session.Producer producer, Pop3Session.After after) {
        busy = true;
        new ChunkedAnswer(vertx, socket, () -> producer.next(CHUNK), () -> closed, this::armTimer, () -> {
            busy = false;
            finish(after);
        }, e -> {
            busy = false;
            LOG.errorf("pop3: %s", e.toString());
            close(); // in the middle of a multi-line answer nothing else can be said
        }).start();
    }

    private void finish(Pop3Session.After after) {
        switch (after) {
            case CLOSE -> close();
            case STLS -> {
                startTls();
                return;
            }
            case CONTINUE -> {
            }
        }
        if (!closed) {
            socket.resume();
            pump();
        }
    }

    /**
     * RFC 2595 section 4: the +OK is out; whatever the client pipelined behind STLS came in clear text
     * and is dropped, then the handshake, and input is read again only over TLS.
     */
    private void startTls() {
        decoder.discardBuffered();
        busy = true;
        socket.upgradeToSsl().onComplete(ar -> {
            busy = false;
            if (closed) {
                return;
            }
            if (ar.failed()) {
                LOG.infof("pop3-login: Disconnected: TLS handshaking failed: %s, rip=%s", ar.cause().getMessage(),
                        socket.remoteAddress().hostAddress());
                close();
                return;
            }
            session.tlsStarted();
            socket.resume();
            pump();
        });
    }

    /** Dovecot disconnects an idle POP3 client after 10 minutes (RFC 1939 section 3: at least 10). */
    private void armTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timer = vertx.setTimer(Math.max(1, (session.loggedIn() ? idle : LOGIN_TIMEOUT).toMillis()), id -> {
            if (!busy) {
                socket.write(Buffer.buffer("-ERR Disconnected for inactivity.\r\n"));
            }
            close();
        });
    }

    private void close() {
        if (!closed) {
            closed = true;
            socket.end().onComplete(v -> socket.close());
        }
    }

    private void onClose() {
        closed = true;
        onClosed.run();
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // without QUIT nothing is committed; the maildrop lock is released (its connection closes)
        vertx.executeBlocking(() -> {
            session.close();
            return null;
        }, false);
    }
}
