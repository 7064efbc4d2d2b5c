/**
 * Server side of SMTP (RFC 5321) as plain Java: no sockets, no threads, no framework.
 *
 * <p>How the pieces fit:
 *
 * <ol>
 *   <li>The transport feeds received bytes to an {@link io.kurir.smtp.codec.SmtpInputDecoder}
 *       and takes out {@link io.kurir.smtp.codec.SmtpInput}s: command lines, over-long command
 *       lines, and whole messages after DATA. The decoder owns the dangerous part of SMTP: where a
 *       message ends. Only {@code <CRLF>.<CRLF>} ends it (no bare-LF variants, which is the SMTP
 *       smuggling defence), dot-stuffing is undone, and memory stays bounded whatever the client
 *       sends.</li>
 *   <li>{@link io.kurir.smtp.codec.SmtpCommandParser} turns a command line into an
 *       {@link io.kurir.smtp.codec.SmtpCommand} record, tolerating what Postfix tolerates; wrong
 *       arguments give {@link io.kurir.smtp.codec.SmtpCommand.Invalid} with the reply to send.</li>
 *   <li>The session (not here) decides what each command means in its state and answers with an
 *       {@link io.kurir.smtp.codec.SmtpReply}, taken from
 *       {@link io.kurir.smtp.codec.SmtpReplies}, whose texts match Postfix's smtpd word for
 *       word. {@link io.kurir.smtp.codec.SmtpReply#encode()} gives the bytes to write.</li>
 * </ol>
 *
 * <p>DATA hand-over: when the session accepts DATA it writes 354 and calls
 * {@link io.kurir.smtp.codec.SmtpInputDecoder#startData()} before asking for the next input, so
 * pipelined bytes after the DATA line are read as content (RFC 2920 section 3.1: DATA is the last
 * command of a pipelined group).
 */
package io.kurir.smtp.codec;
