package io.kurir.gateway.session;

/** The three SMTP listeners, as Postfix's master.cf has them (smtp, submission, smtps). */
public enum Listener {
    /** Port 25: mail from other servers; STARTTLS offered, AUTH only after it, neither required. */
    MX,
    /** Port 587 (RFC 6409): STARTTLS, then AUTH, both required before MAIL. */
    SUBMISSION,
    /** Port 465 (RFC 8314): TLS from the first byte; AUTH required before MAIL. */
    SMTPS
}
