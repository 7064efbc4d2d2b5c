/**
 * Server side of IMAP4rev1 (RFC 3501) and IMAP4rev2 (RFC 9051) as plain Java: no sockets, no
 * threads, no framework, no dependencies.
 *
 * <p>How the pieces fit:
 *
 * <ol>
 *   <li>The transport feeds received bytes to an {@link io.kurir.imap.codec.ImapInputDecoder} and
 *       takes out {@link io.kurir.imap.codec.ImapInput}s. The decoder owns the dangerous part of
 *       IMAP: where a command ends. A command may span several lines joined by literals
 *       ({@code {n}}, {@code {n+}}, {@code ~{n}}); a synchronizing literal surfaces as
 *       {@link io.kurir.imap.codec.ImapInput.ContinueLiteral}, after which the session writes
 *       {@code + Ready for literal data}. Limits ({@link io.kurir.imap.codec.ImapDecoderLimits})
 *       surface as {@link io.kurir.imap.codec.ImapInput.TooBig} with the reply to send; refused
 *       bytes are dropped as they arrive, so memory stays bounded whatever the client sends.</li>
 *   <li>{@link io.kurir.imap.codec.ImapCommandParser} turns a complete command into an
 *       {@link io.kurir.imap.codec.ImapCommand} record. Syntax errors become
 *       {@link io.kurir.imap.codec.ImapCommand.Invalid} with the tag and the reply; nothing
 *       throws on client input. Mailbox names are decoded for the session's
 *       {@link io.kurir.imap.codec.MailboxEncoding} by {@link io.kurir.imap.codec.MailboxName}.</li>
 *   <li>The session (not here) decides what each command means in its state, and writes
 *       {@link io.kurir.imap.codec.ImapResponse}s, whose builder quotes strings or sends them as
 *       literals so that no data can break a response line.</li>
 * </ol>
 *
 * <p>Mode hand-over: after accepting IDLE the session writes {@code + idling} and calls
 * {@link io.kurir.imap.codec.ImapInputDecoder#startIdle()}; after an AUTHENTICATE challenge it
 * calls {@link io.kurir.imap.codec.ImapInputDecoder#expectAuthenticateResponse()}; after the OK
 * to STARTTLS it calls {@link io.kurir.imap.codec.ImapInputDecoder#discardBuffered()}. Each
 * call comes before the next {@code next()}, which is why the decoder decodes nothing beyond an
 * output until asked again.
 */
package io.kurir.imap.codec;
