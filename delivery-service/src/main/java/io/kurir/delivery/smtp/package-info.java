/**
 * Postfix's smtp(8) client as plain blocking Java: delivers one message to the recipients of one
 * next hop and reports an outcome per recipient, worded as Postfix logs it.
 *
 * <h2>How a delivery goes</h2>
 * <ol>
 * <li>{@link io.kurir.delivery.smtp.NextHop} parses the next hop ({@code b.test}, {@code [relay.test]:587}).
 * <li>The connection cache is asked first: an idle connection to the same next hop gets RSET
 *     (RFC 5321 section 4.1.1.5) and carries the transaction; a dead one is dropped.
 * <li>{@link io.kurir.delivery.smtp.RoutePlanner} turns the next hop into addresses through an
 *     {@link io.kurir.delivery.smtp.MxResolver} (RFC 5321 section 5.1, RFC 7505 null MX).
 * <li>Each address in turn, up to {@code smtp-mx-address-limit} addresses and
 *     {@code smtp-mx-session-limit} sessions: connect, greeting, EHLO/HELO, STARTTLS (RFC 3207) per the
 *     TLS level, AUTH (RFC 4954) when a password is configured ({@code SessionSetup}). A failure
 *     here — refused, timed out, 4xx/5xx greeting, TLS or AUTH trouble — moves on to the next address.
 * <li>{@code MailTransaction}: MAIL FROM with SIZE (RFC 1870), BODY=8BITMIME (RFC 6152), SMTPUTF8
 *     (RFC 6531), RET/ENVID (RFC 3461); RCPT TO with NOTIFY/ORCPT; DATA, dot-stuffed with CRLF
 *     line ends (RFC 5321 section 4.5.2). With PIPELINING (RFC 2920) MAIL, the RCPTs and DATA go
 *     in one write. A failure before the reply to MAIL FROM (lost connection, timeout, 421) is
 *     still a session failure and the next address is tried; after it, the waiting recipients are
 *     deferred.
 * <li>A connection that is still in step goes back to the cache for
 *     {@code smtp-connection-cache-time-limit}; otherwise QUIT.
 * </ol>
 * When every address failed, every recipient is deferred with the last failure and the attempt
 * says {@code destinationFailed}.
 *
 * <h2>Never hanging</h2>
 * Every read waits at most the stage's Postfix timeout ({@code smtp-helo-timeout} for the greeting,
 * {@code smtp-rcpt-timeout} for RCPT replies, ...); every write is guarded by a timer that closes
 * the socket; a reply line may have 2048 octets and a reply 1000 lines. Nothing the server or
 * the network does raises an exception out of {@link io.kurir.delivery.smtp.SmtpClient#deliver}.
 */
package io.kurir.delivery.smtp;
