package io.kurir.smtp.codec;

/**
 * What the {@link SmtpInputDecoder} does with a bare LF (an LF not preceded by CR) in message
 * content. RFC 5321 section 2.3.8 allows only CRLF as line ending; accepting bare LF as a line end
 * is what made SMTP smuggling possible, so a bare LF never ends the message in either mode
 * (Postfix {@code smtpd_forbid_bare_newline}).
 */
public enum BareNewline {
    /**
     * Turn each bare LF into CRLF and keep the message; {@link SmtpInput.MessageData#bareNewline()}
     * reports that it happened (Postfix {@code smtpd_forbid_bare_newline = normalize}).
     */
    NORMALIZE,
    /**
     * Read the message to its real end but keep no content once a bare LF was seen, so the session
     * can reply {@link SmtpReplies#BARE_LF} (Postfix {@code smtpd_forbid_bare_newline = reject}).
     */
    REJECT
}
