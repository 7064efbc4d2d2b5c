package io.kurir.imap.transport;

import io.kurir.imap.codec.ImapInput;
import io.kurir.imap.codec.ImapInputDecoder;
import io.kurir.imap.codec.ImapResponse;
import io.kurir.imap.session.ImapSession;
import io.kurir.store.MailboxNotifications;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One client: bytes go through the sans-I/O decoder; each complete command runs in the session on a
 * worker thread while the socket is paused, so replies stay in order and input stays bounded.
 * Literal continuations ({@code + Ready for literal data}) are answered here, at once.
 */
final class ImapConnection {

    private static final Logger LOG = Logger.getLogger("imap");

    private final Vertx vertx;
    private final NetSocket socket;
    private final ImapSession session;
    /** MULTIAPPEND is not offered: one command holds at most one APPEND literal. */
    private final ImapInputDecoder decoder = new ImapInputDecoder(io.kurir.imap.codec.ImapDecoderLimits.DEFAULT
            .withMaxCommandSize(io.kurir.imap.codec.ImapDecoderLimits.DEFAULT.appendLimit() + 65_536));
    /** Before login a client gets no large literal (Dovecot keeps pre-login input small too). */
    private static final long PRE_LOGIN_LITERAL = 8192;
    private static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(3);
    private final Duration idle;
    private boolean busy;
    private boolean closed;
    private long timer = -1;

    private final Duration authFailureDelay;
    private final Runnable onClosed;
    private boolean counted = true;

    private final MailboxNotifications notifications;
    private final Duration idleCheck;
    private Optional<AutoCloseable> idleSubscription = Optional.empty();
    private io.vertx.core.Context context;

    ImapConnection(Vertx vertx, NetSocket socket, ImapSession session, Duration idle, Duration authFailureDelay,
            MailboxNotifications notifications, Duration idleCheck, Runnable onClosed) {
        this.notifications = notifications;
        this.idleCheck = idleCheck;
        this.onClosed = onClosed;
        this.vertx = vertx;
        this.socket = socket;
        this.session = session;
        this.idle = idle;
        this.authFailureDelay = authFailureDelay;
    }

    void start() {
        context = vertx.getOrCreateContext();
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
            Optional<ImapInput> input = decoder.next();
            if (input.isEmpty()) {
                return;
            }
            if (input.get() instanceof ImapInput.ContinueLiteral literal) {
                if (!session.loggedIn() && literal.size() > PRE_LOGIN_LITERAL) {
                    decoder.abandonCommand();
                    socket.write(Buffer.buffer((literal.tag().orElse("*") + " BAD Literal too large before login.\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                    continue;
                }
                socket.write(Buffer.buffer(ImapResponse.READY_FOR_LITERAL.bytes()));
                continue;
            }
            run(input.get());
        }
    }

    private void run(ImapInput input) {
        busy = true;
        socket.pause();
        vertx.executeBlocking(() -> session.handle(input), false).onComplete(ar -> {
            busy = false;
            if (closed) {
                return;
            }
            ImapSession.Output out = ar.succeeded() ? ar.result()
                    : new ImapSession.Output(java.util.List.of("* BYE Internal error\r\n".getBytes()), ImapSession.After.CLOSE);
            if (out.failedLogin() && !authFailureDelay.isZero()) {
                // Dovecot's auth_failure_delay: a password guesser gets its NO late; the socket stays paused meanwhile
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

    private void deliver(ImapSession.Output out) {
        ChunkedAnswer.writeAll(socket, out.writes());
        if (out.more().isPresent()) {
            produce(out.more().get(), out.after());
            return;
        }
        finish(out.after());
    }

    /** A long answer: the next chunk is made only when the socket has room for it; busy until it is complete. */
    private void produce(ImapSession.Producer producer, ImapSession.After after) {
        busy = true;
        new ChunkedAnswer(vertx, socket, () -> producer.next(256 * 1024), () -> closed, this::armTimer, () -> {
            busy = false;
            finish(after);
        }, e -> {
            busy = false;
            LOG.errorf("imap: %s", e.toString());
            socket.write(Buffer.buffer("* BYE Internal error\r\n"));
            close();
        }).start();
    }

    private void finish(ImapSession.After after) {
        switch (after) {
            case CLOSE -> close();
            case AUTHENTICATE -> decoder.expectAuthenticateResponse();
            case IDLE -> {
                decoder.startIdle();
                // pushed: PostgreSQL says when the mailbox changed; the slow timer covers a lost word
                idleSubscription = session.selectedMailbox().isPresent()
                        ? Optional.of(notifications.subscribe(session.selectedMailbox().getAsLong(),
                                () -> context.runOnContext(v -> idleCheck())))
                        : Optional.empty();
                idleTimer = vertx.setPeriodic(Math.max(1, idleCheck.toMillis()), id -> idleCheck());
            }
            case CONTINUE -> stopIdle();
            case STARTTLS -> {
                startTls();
                return;
            }
        }
        if (!closed) {
            socket.resume();
            pump();
        }
    }

    /**
     * RFC 3501 6.2.1: the tagged OK is out; anything the client pipelined behind STARTTLS came in
     * plain text and is dropped, then the handshake, and input is read again only over TLS.
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
                LOG.infof("imap-login: Disconnected: TLS handshaking failed: %s, rip=%s", ar.cause().getMessage(),
                        socket.remoteAddress().hostAddress());
                close();
                return;
            }
            session.tlsStarted();
            socket.resume();
            pump();
        });
    }

    private long idleTimer = -1;

    private boolean checkAgain;

    private void idleCheck() {
        if (closed || idleTimer < 0) {
            return;
        }
        if (busy) {
            checkAgain = true; // a look is running: one more after it, so a change during it is not missed
            return;
        }
        checkAgain = false;
        busy = true;
        vertx.executeBlocking(session::idleCheck, false).onComplete(ar -> {
            busy = false;
            if (closed) {
                return;
            }
            if (ar.succeeded()) {
                ChunkedAnswer.writeAll(socket, ar.result());
            }
            pump(); // DONE may have arrived meanwhile
            if (checkAgain && !busy) {
                idleCheck();
            }
        });
    }

    private void stopIdle() {
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
            idleTimer = -1;
        }
        idleSubscription.ifPresent(s -> {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debugf("idle subscription: %s", e.getMessage());
            }
        });
        idleSubscription = Optional.empty();
    }

    private void armTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timer = vertx.setTimer(Math.max(1, (session.loggedIn() ? idle : LOGIN_TIMEOUT).toMillis()), id -> {
            socket.write(Buffer.buffer("* BYE Disconnected for inactivity.\r\n"));
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
        stopIdle();
        if (counted) {
            counted = false;
            onClosed.run();
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
