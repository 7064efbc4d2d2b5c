package io.kurir.gateway.session;

import io.kurir.smtp.codec.BareNewline;

/**
 * What one SMTP session needs to know about the server.
 *
 * @param myhostname the name in the greeting, EHLO and error replies
 * @param messageSizeLimit Postfix's message_size_limit in octets; 0 means unlimited
 * @param recipientLimit Postfix's smtpd_recipient_limit
 * @param hardErrorLimit Postfix's smtpd_hard_error_limit: errors before the server hangs up
 * @param bareNewline what to do with a message line that ends in a bare LF (smtpd_forbid_bare_newline)
 * @param listener which listener the session came in on
 * @param tlsAvailable whether a certificate is loaded, so STARTTLS can be offered
 * @param tlsAuthOnly Postfix's smtpd_tls_auth_only: AUTH is offered only over TLS
 * @param heloRequired Postfix's smtpd_helo_required: MAIL only after HELO/EHLO (off by default, as in Postfix)
 * @param vrfyEnabled the opposite of Postfix's disable_vrfy_command
 * @param headerSizeLimit Postfix's header_size_limit: the most octets of one logical header
 * @param discardEhloKeywords Postfix's smtpd_discard_ehlo_keywords, lower case: keywords not offered
 *        (and for {@code dsn}, its parameters refused)
 * @param forbidUnauthPipelining Postfix's smtpd_forbid_unauth_pipelining: a client that sends more
 *        where RFC 2920 says it must wait for the reply is disconnected
 * @param mydestination Postfix's mydestination, lower case: the domains delivered here, for which
 *        ETRN is refused (nothing waits in the queue for them)
 */
public record SessionSettings(String myhostname, long messageSizeLimit, int recipientLimit, int hardErrorLimit,
        BareNewline bareNewline, Listener listener, boolean tlsAvailable, boolean tlsAuthOnly, boolean heloRequired,
        boolean vrfyEnabled, long headerSizeLimit, java.util.Set<String> discardEhloKeywords, boolean forbidUnauthPipelining,
        java.util.Set<String> mydestination) {

    public SessionSettings {
        mydestination = mydestination.stream().map(d -> d.toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Settings of the MX listener without TLS, for tests and the simplest setup. */
    public static SessionSettings plain(String myhostname, long messageSizeLimit, int recipientLimit, int hardErrorLimit,
            BareNewline bareNewline) {
        return new SessionSettings(myhostname, messageSizeLimit, recipientLimit, hardErrorLimit, bareNewline,
                Listener.MX, false, true, false, false, HeaderSize.DEFAULT_LIMIT, java.util.Set.of(), true,
                java.util.Set.of("localhost", myhostname));
    }

    public SessionSettings on(Listener other) {
        return new SessionSettings(myhostname, messageSizeLimit, recipientLimit, hardErrorLimit, bareNewline, other,
                tlsAvailable, tlsAuthOnly, heloRequired, vrfyEnabled, headerSizeLimit, discardEhloKeywords, forbidUnauthPipelining,
                mydestination);
    }

    public SessionSettings withBareNewline(BareNewline mode) {
        return new SessionSettings(myhostname, messageSizeLimit, recipientLimit, hardErrorLimit, mode, listener,
                tlsAvailable, tlsAuthOnly, heloRequired, vrfyEnabled, headerSizeLimit, discardEhloKeywords, forbidUnauthPipelining,
                mydestination);
    }

    public SessionSettings withVrfy() {
        return new SessionSettings(myhostname, messageSizeLimit, recipientLimit, hardErrorLimit, bareNewline, listener,
                tlsAvailable, tlsAuthOnly, heloRequired, true, headerSizeLimit, discardEhloKeywords, forbidUnauthPipelining,
                mydestination);
    }

    public SessionSettings requiringHelo() {
        return new SessionSettings(myhostname, messageSizeLimit, recipientLimit, hardErrorLimit, bareNewline, listener,
                tlsAvailable, tlsAuthOnly, true, vrfyEnabled, headerSizeLimit, discardEhloKeywords, forbidUnauthPipelining,
                mydestination);
    }

    public SessionSettings allowingUnauthPipelining() {
        return new SessionSettings(myhostname, messageSizeLimit, recipientLimit, hardErrorLimit, bareNewline, listener,
                tlsAvailable, tlsAuthOnly, heloRequired, vrfyEnabled, headerSizeLimit, discardEhloKeywords, false,
                mydestination);
    }

    public SessionSettings discarding(java.util.Set<String> keywords) {
        return new SessionSettings(myhostname, messageSizeLimit, recipientLimit, hardErrorLimit, bareNewline, listener,
                tlsAvailable, tlsAuthOnly, heloRequired, vrfyEnabled, headerSizeLimit, java.util.Set.copyOf(keywords),
                forbidUnauthPipelining, mydestination);
    }

    /** Whether DSN (RFC 3461) is offered and its parameters accepted. */
    public boolean dsnOffered() {
        return !discardEhloKeywords.contains("dsn");
    }
}
