package io.kurir.gateway.transport;

import io.kurir.gateway.policy.AuthResult;
import io.kurir.gateway.policy.AuthService;
import io.kurir.gateway.policy.PolicyResult;
import io.kurir.gateway.policy.ContentFilter;
import io.kurir.gateway.policy.RcptChecks;
import io.kurir.gateway.policy.Restrictions;
import io.kurir.gateway.session.SmtpSession;
import io.kurir.gateway.session.SmtpSession.Step;
import io.kurir.gateway.store.QueueWriter;
import io.kurir.mail.payload.ClientInfo;
import io.kurir.smtp.codec.SmtpCommandParser;
import io.kurir.smtp.codec.SmtpInput;
import io.kurir.smtp.codec.SmtpInputDecoder;
import io.kurir.smtp.codec.SmtpReplies;
import io.kurir.smtp.codec.SmtpReply;
import io.kurir.store.queue.QueueAdmin;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One client connection: bytes from the socket go through the sans-I/O decoder and session; their
 * steps come back here to be written or run. Work that blocks (a PostgreSQL lookup, queueing a
 * message) runs on a worker thread while the socket is paused, so pipelined commands (RFC 2920) are
 * answered strictly in order and a fast client cannot make the server buffer without bound.
 */
final class SmtpConnection {

    private static final Logger LOG = Logger.getLogger("smtpd");

    private final Vertx vertx;
    private final NetSocket socket;
    private final SmtpSession session;
    private final SmtpInputDecoder decoder;
    private final RcptChecks checks;
    private final ContentFilter content;
    private final AuthService auth;
    private final QueueWriter queue;
    private final QueueAdmin queueAdmin;
    private final GatewayMetrics metrics;
    private final String clientAddress;
    private final String clientName;
    private final Duration timeout;
    private final String myhostname;
    private final Runnable onClosed;
    private boolean busy;
    private boolean closed;
    private long timer = -1;
    /** While the greeting is held back (postscreen-greet-wait), the timer that sends it. */
    private long greetTimer = -1;

    SmtpConnection(Vertx vertx, NetSocket socket, SmtpSession session, SmtpInputDecoder decoder, RcptChecks checks, ContentFilter content,
            AuthService auth, QueueWriter queue, QueueAdmin queueAdmin, GatewayMetrics metrics, Duration timeout, String myhostname,
            Runnable onClosed) {
        this.vertx = vertx;
        this.socket = socket;
        this.session = session;
        this.decoder = decoder;
        this.checks = checks;
        this.content = content;
        this.auth = auth;
        this.queue = queue;
        this.queueAdmin = queueAdmin;
        this.metrics = metrics;
        this.timeout = timeout;
        this.myhostname = myhostname;
        this.onClosed = onClosed;
        this.clientAddress = socket.remoteAddress().hostAddress();
        this.clientName = ClientNames.of(clientAddress);
    }

    /**
     * @param greetWait how long to hold the greeting back; a client that talks before it is
     *        disconnected (it did not wait for the server, as spam engines do). Zero greets at once.
     */
    void start(Duration greetWait) {
        LOG.infof("connect from %s[%s]", clientName, clientAddress);
        metrics.connected();
        socket.handler(this::onData);
        socket.closeHandler(v -> onClose());
        socket.exceptionHandler(e -> LOG.debugf("%s[%s]: %s", clientName, clientAddress, e.getMessage()));
        if (greetWait.isZero()) {
            write(session.greeting());
            armTimer();
            return;
        }
        greetTimer = vertx.setTimer(Math.max(1, greetWait.toMillis()), id -> {
            greetTimer = -1;
            write(session.greeting());
            armTimer();
        });
    }

    private void onData(Buffer buffer) {
        if (greetTimer >= 0) {
            vertx.cancelTimer(greetTimer);
            greetTimer = -1;
            apply(new Step.ImproperPipelining("CONNECT", SmtpReplies.PROTOCOL_SYNCHRONIZATION));
            return;
        }
        armTimer();
        byte[] bytes = buffer.getBytes();
        decoder.feed(bytes, 0, bytes.length);
        pump();
    }

    private void pump() {
        while (!busy && !closed) {
            Optional<SmtpInput> input = decoder.next();
            if (input.isEmpty()) {
                return;
            }
            apply(session.onInput(input.get(), SmtpCommandParser::parse, decoder.bufferedBytes() > 0));
        }
    }

    private void apply(Step step) {
        if (step instanceof Step.Reply reply) {
            write(reply.reply());
            switch (reply.after()) {
                case START_DATA -> decoder.startData();
                case START_TLS -> startTls();
                case TOO_MANY_ERRORS -> {
                    write(session.tooManyErrors());
                    close();
                }
                case CLOSE -> close();
                case CONTINUE -> { }
            }
        } else if (step instanceof Step.ImproperPipelining improper) {
            LOG.infof("improper command pipelining after %s from %s[%s]: %s", improper.after(), clientName, clientAddress,
                    printable(decoder.peekBuffered(100)));
            metrics.improperPipelining();
            write(improper.reply());
            close();
        } else if (step instanceof Step.CheckRecipient check) {
            Restrictions.Request request = rcptRequest(check.recipient()); // session state is read here, on the event loop
            offload(() -> checks.check(request),
                    result -> session.recipientChecked(check.recipient(), result),
                    failure -> session.recipientChecked(check.recipient(), PolicyResult.reject(
                            SmtpReply.of(451, "4.3.0", "<" + check.recipient() + ">: Temporary lookup failure"))));
        } else if (step instanceof Step.ReadChunk read) {
            decoder.startChunk(read.size(), read.keepAtMost()); // the session replies once the chunk is in
        } else if (step instanceof Step.VerifyRecipient vrfy) {
            offload(() -> checks.recipients().check(vrfy.address()),
                    result -> session.verified(vrfy, result),
                    failure -> session.verified(vrfy, PolicyResult.reject(
                            SmtpReply.of(451, "4.3.0", "<" + vrfy.address() + ">: Temporary lookup failure"))));
        } else if (step instanceof Step.Flush flush) {
            // postqueue -s: queue-service's scheduler picks the mail up within a second
            offload(() -> queueAdmin.flush(Optional.of(flush.node()), Instant.now()),
                    flushed -> {
                        LOG.infof("%s[%s]: ETRN %s: %d messages due now", clientName, clientAddress, flush.node(),
                                flushed.messages());
                        return session.flushed(Optional.of(flushed.messages()));
                    },
                    failure -> session.flushed(Optional.empty()));
        } else if (step instanceof Step.Authenticate credentials) {
            offload(() -> auth.check(clientAddress, credentials.user(), credentials.password()),
                    result -> {
                        if (!(result instanceof AuthResult.Success)) {
                            LOG.warnf("%s[%s]: SASL authentication failed (%s)", clientName, clientAddress,
                                    result.getClass().getSimpleName().toLowerCase());
                        }
                        return session.authenticated(result);
                    },
                    failure -> session.authenticated(new AuthResult.Failure()));
        } else if (step instanceof Step.Enqueue enqueue) {
            ClientInfo client = new ClientInfo(session.helo().orElse(clientName), clientAddress, clientName,
                    enqueue.envelope().protocol());
            offload(() -> {
                        Optional<SmtpReply> rejected = content.check(enqueue.content(), clientName + "[" + clientAddress + "]");
                        return rejected.isPresent() ? new Queued(Optional.empty(), rejected)
                                : new Queued(queue.enqueue(enqueue.envelope(), enqueue.content(), client), Optional.empty());
                    },
                    queued -> {
                        if (queued.rejected().isPresent()) {
                            return session.contentRejected(queued.rejected().get());
                        }
                        queued.queueId().ifPresent(id -> metrics.queued(enqueue.content().length));
                        return session.queued(queued.queueId());
                    },
                    failure -> session.queued(Optional.empty()));
        }
    }

    /** Client bytes in a log line: printable ASCII as is, the rest as \\xNN. */
    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            sb.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    /** The outcome of the end of a message: refused by content checks, or queued (or not, on a store failure). */
    private record Queued(Optional<String> queueId, Optional<SmtpReply> rejected) {
    }

    private Restrictions.Request rcptRequest(io.kurir.mail.MailAddress recipient) {
        return new Restrictions.Request(clientAddress, clientName, checks.trusted(clientAddress), session.authenticatedUser(),
                session.helo(), session.sender(), recipient, checks.recipients().shown(recipient), session.listener());
    }

    /**
     * RFC 3207: whatever the client pipelined behind STARTTLS is dropped (it came in plain text),
     * then the handshake; input is read again only over TLS.
     */
    private void startTls() {
        decoder.discardBuffered();
        busy = true;
        socket.pause(); // TLS records still flow; decrypted data waits until the session knows about TLS
        socket.upgradeToSsl().onComplete(ar -> {
            busy = false;
            if (closed) {
                return;
            }
            if (ar.failed()) {
                LOG.infof("SSL_accept error from %s[%s]: %s", clientName, clientAddress, ar.cause().getMessage());
                close();
                return;
            }
            session.tlsStarted();
            LOG.infof("TLS connection established from %s[%s]", clientName, clientAddress);
            socket.resume();
            pump();
        });
    }

    /**
     * Runs blocking work on a worker thread with the socket paused, then applies the session's next
     * step on this connection's event loop. A failure also goes through the session (as a 4xx), so
     * the transaction state and the error count stay right.
     */
    private <T> void offload(Callable<T> work, Function<T, Step> then, Function<Throwable, Step> onFailure) {
        busy = true;
        socket.pause();
        cancelTimer(); // the client is waiting for us, not idle
        vertx.executeBlocking(work, false).onComplete(ar -> {
            busy = false;
            if (closed) {
                return;
            }
            armTimer();
            if (ar.succeeded()) {
                apply(then.apply(ar.result()));
            } else {
                LOG.errorf("warning: %s[%s]: %s", clientName, clientAddress, ar.cause().toString());
                apply(onFailure.apply(ar.cause()));
            }
            if (!closed && !busy) { // busy again: the reply filled the write queue, the drain handler resumes
                socket.resume();
                pump();
            }
        });
    }

    private void write(SmtpReply reply) {
        if (closed) {
            return;
        }
        metrics.reply(reply.code());
        socket.write(Buffer.buffer(reply.encode()));
        if (socket.writeQueueFull() && !busy) {
            // a client that pipelines without reading its replies: stop reading until it catches up
            busy = true;
            socket.pause();
            socket.drainHandler(v -> {
                socket.drainHandler(null);
                busy = false;
                if (!closed) {
                    socket.resume();
                    pump();
                }
            });
        }
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void armTimer() {
        cancelTimer();
        timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            LOG.infof("timeout after %s from %s[%s]", phase(), clientName, clientAddress);
            write(SmtpReplies.timeout(myhostname));
            close();
        });
    }

    private String phase() {
        return decoder.inData() ? "DATA" : "command";
    }

    private void close() {
        if (!closed) {
            closed = true;
            socket.end().onComplete(v -> socket.close());
        }
    }

    private void onClose() {
        cancelTimer();
        if (greetTimer >= 0) {
            vertx.cancelTimer(greetTimer);
        }
        if (decoder.inData()) {
            LOG.infof("lost connection after DATA from %s[%s]: message discarded", clientName, clientAddress);
        }
        closed = true;
        onClosed.run();
        metrics.disconnected();
        LOG.infof("disconnect from %s[%s] %s", clientName, clientAddress, session.commandSummary());
    }
}
