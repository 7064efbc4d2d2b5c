package io.kurir.delivery.smtp;

import java.util.Optional;

/**
 * A conversation that cannot go on: no connection, a rejected greeting or EHLO, TLS or AUTH
 * trouble, a 421, a timeout, a lost connection, a reply that is not SMTP. Carries the outcome
 * the waiting recipients get, always temporary.
 */
final class SessionFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final String dsnStatus;
    private final String relay;
    private final transient Optional<ServerReply> reply;
    private final String remoteMta;

    SessionFailure(String dsnStatus, String relay, String diagnostic, Optional<ServerReply> reply, String remoteMta) {
        super(diagnostic, null, false, false);
        this.dsnStatus = transientStatus(dsnStatus);
        this.relay = relay;
        this.reply = reply;
        this.remoteMta = remoteMta;
    }

    /** Postfix's "connect to mx.b.test[127.0.0.1]:25: Connection refused", 4.4.1, relay none. */
    static SessionFailure connect(Target t, String reason) {
        return new SessionFailure("4.4.1", "none", "connect to " + t.relay() + ": " + reason, Optional.empty(), null);
    }

    static SessionFailure timeout(Target t, Stage stage) {
        return new SessionFailure("4.4.2", t.relay(), "conversation with " + t.label() + " timed out while " + stage.doing,
                Optional.empty(), null);
    }

    static SessionFailure lost(Target t, Stage stage) {
        return new SessionFailure("4.4.2", t.relay(), "lost connection with " + t.label() + " while " + stage.doing,
                Optional.empty(), null);
    }

    static SessionFailure protocol(Target t, Stage stage, String what) {
        return new SessionFailure("4.5.0", t.relay(), "conversation with " + t.label() + " failed while " + stage.doing
                + ": " + what, Optional.empty(), null);
    }

    /** The server said no: {@code host X said: 421 ... (in reply to MAIL FROM command)}. */
    static SessionFailure rejected(Target t, ServerReply reply, Stage stage) {
        return withReply(t, reply, said(t, reply, stage));
    }

    static SessionFailure withReply(Target t, ServerReply reply, String diagnostic) {
        return new SessionFailure(reply.dsnStatus(), t.relay(), diagnostic, Optional.of(reply), t.hostname());
    }

    static SessionFailure local(Target t, String dsnStatus, String diagnostic) {
        return new SessionFailure(dsnStatus, t.relay(), diagnostic, Optional.empty(), null);
    }

    static String said(Target t, ServerReply reply, Stage stage) {
        return "host " + t.label() + " said: " + ReplyReader.printable(reply.text(), 2000) + " (in reply to "
                + stage.inReplyTo + ")";
    }

    /** A 5.X.Y status as 4.X.Y: the session failed here, the mail may still go elsewhere or later. */
    static String transientStatus(String status) {
        return status.startsWith("4") ? status : "4" + status.substring(1);
    }

    String dsnStatus() {
        return dsnStatus;
    }

    String relay() {
        return relay;
    }

    String diagnostic() {
        return getMessage();
    }

    Optional<ServerReply> reply() {
        return reply;
    }

    /** The server's name for a DSN's Remote-MTA, when it replied. */
    Optional<String> remoteMta() {
        return Optional.ofNullable(remoteMta);
    }

    /** Whether the server may still be talked to (it replied, and not with 421). */
    boolean connectionUsable() {
        return reply.isPresent() && reply.get().code() != 421;
    }
}
