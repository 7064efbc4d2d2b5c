package io.kurir.queue.bounce;

/**
 * A composed notice, ready for mail.maildrop.
 *
 * @param queueId the notice's own queue id (also in its Message-Id)
 * @param messageId the Message-Id header value, with angle brackets
 * @param envelopeSender the {@code MAIL FROM} to submit with: empty (the null sender, RFC 5321 section
 *        4.5.5, RFC 3464 section 2) so that a notice is never answered by another; for
 *        {@link DsnKind#POSTMASTER_COPY} {@code double-bounce@myhostname}, whose failures are dropped
 * @param content the complete RFC 5322 message, CRLF line endings, no line over 998 octets
 * @param eightBit the content has octets above 127: submit with {@code BODY=8BITMIME} (RFC 6152)
 * @param smtputf8 the notice needs {@code SMTPUTF8} (RFC 6531): a UTF-8 address in a header or a
 *        {@code message/global*} part (RFC 6532, RFC 6533)
 */
public record BounceMessage(String queueId, String messageId, String envelopeSender, byte[] content,
        boolean eightBit, boolean smtputf8) {
}
