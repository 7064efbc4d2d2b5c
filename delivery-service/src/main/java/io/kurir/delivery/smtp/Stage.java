package io.kurir.delivery.smtp;

import java.time.Duration;

/**
 * Where in the conversation the client is: names the step in diagnostics the way Postfix does
 * ("timed out while sending RCPT TO", "(in reply to RCPT TO command)") and picks its timeout.
 */
enum Stage {
    GREETING("receiving the initial server greeting", "initial greeting"),
    EHLO("performing the EHLO handshake", "EHLO command"),
    HELO("performing the HELO handshake", "HELO command"),
    STARTTLS("performing the STARTTLS handshake", "STARTTLS command"),
    AUTH("performing SASL authentication", "AUTH command"),
    RSET("sending RSET", "RSET command"),
    MAIL("sending MAIL FROM", "MAIL FROM command"),
    RCPT("sending RCPT TO", "RCPT TO command"),
    DATA("sending DATA command", "DATA command"),
    BODY("sending message body", "end of DATA command"),
    DOT("sending end of data -- message may be sent more than once", "end of DATA command"),
    QUIT("sending QUIT", "QUIT command");

    /** For "timed out while ...", "lost connection with ... while ...". */
    final String doing;
    /** For "(in reply to ...)". */
    final String inReplyTo;

    Stage(String doing, String inReplyTo) {
        this.doing = doing;
        this.inReplyTo = inReplyTo;
    }

    Duration timeout(SmtpSettings s) {
        return switch (this) {
            case GREETING, EHLO, HELO, STARTTLS, AUTH -> s.heloTimeout();
            case RSET -> s.rsetTimeout();
            case MAIL -> s.mailTimeout();
            case RCPT -> s.rcptTimeout();
            case DATA -> s.dataInitTimeout();
            case BODY -> s.dataXferTimeout();
            case DOT -> s.dataDoneTimeout();
            case QUIT -> s.quitTimeout();
        };
    }
}
