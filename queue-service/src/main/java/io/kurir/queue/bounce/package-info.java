/**
 * Postfix bounce(8)'s message composer: delivery status notifications (DSNs) as complete RFC 5322
 * messages. Plain Java, no I/O; queue-service decides when a notice is due and submits the bytes
 * through mail.maildrop.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * if (!BouncePolicy.isBounce(sender)) {                  // never answer a notice with a notice
 *     var reported = BouncePolicy.select(DsnKind.FAILURE, recipients, Recipient::dsn);   // NOTIFY
 *     var groups = ... DsnRecipient.of(recipient, outcome, lastAttempt, Optional.empty()) ...;
 *     BounceMessage dsn = composer.compose(new BounceRequest(DsnKind.FAILURE, myhostname, queueId,
 *             arrival, sender, sender, Optional.ofNullable(envid), DsnRet.of(ret), groups, original));
 *     // submit dsn.content() with MAIL FROM:<dsn.envelopeSender()>, BODY=8BITMIME if dsn.eightBit(),
 *     // SMTPUTF8 if dsn.smtputf8()
 * }
 * }</pre>
 *
 * <h2>The message</h2>
 *
 * <p>Headers as Postfix writes them: {@code From: MAILER-DAEMON@myhostname (Mail Delivery System)}, the
 * kind's Subject, {@code Message-Id: <YYYYMMDDhhmmss.newqid@myhostname>} (UTC), {@code Auto-Submitted:
 * auto-replied} (RFC 3834 section 5), and a {@code multipart/report} (RFC 6522) whose boundary is
 * {@code qid.epoch/myhostname}, extended until it occurs in no part. Three parts:
 * <ol>
 * <li>{@code text/plain}: the explanation ({@link io.kurir.queue.bounce.NoticeText}), {@code us-ascii},
 * or {@code utf-8} with {@code 8bit} when an address or reason is not ASCII;</li>
 * <li>{@code message/delivery-status} (RFC 3464 section 2,
 * {@link io.kurir.queue.bounce.DeliveryStatusFields}), per-message fields then one group per recipient,
 * long fields folded at spaces;</li>
 * <li>the original: {@code message/rfc822} with the whole message for a failure with {@code RET=FULL}
 * or no {@code RET} (RFC 3461 section 4.3) when it is within {@code bounce-size-limit}; otherwise
 * {@code text/rfc822-headers} with its header section only (always for delay, success and the
 * postmaster copy, as Postfix does).</li>
 * </ol>
 *
 * <h2>Internationalisation</h2>
 *
 * <p>If any address in the report (sender, final or original recipient) is not ASCII, the report is
 * RFC 6533's {@code message/global-delivery-status} (section 6.2) with {@code report-type=
 * global-delivery-status}, and those addresses use the {@code utf-8} address type (section 3) in plain
 * UTF-8; ASCII addresses keep {@code rfc822}. If the returned header section has 8-bit octets (an
 * SMTPUTF8 message), the part is {@code message/global} (RFC 6532 section 3.7) or
 * {@code message/global-headers} (RFC 6533 section 6.3). An 8-bit original is returned octet for octet
 * with {@code Content-Transfer-Encoding: 8bit} on its part and on the top level (RFC 6152);
 * {@link io.kurir.queue.bounce.BounceMessage#eightBit()} and {@code smtputf8()} tell the submitter.
 *
 * <h2>Safety</h2>
 *
 * <p>Every value from outside (addresses, replies, reasons, ENVID) loses its control characters, CR and
 * LF included, before it is written, so none can start a header line, a field or a block. The original
 * is made valid SMTP input: bare LF and bare CR become CRLF and lines over 998 octets are broken (RFC
 * 5322 section 2.1.1); nothing else in it changes.
 */
package io.kurir.queue.bounce;
