package io.kurir.queue.bounce;

import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.Recipient;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One recipient group of a DSN (RFC 3464 section 2.3) plus the line the human-readable part shows for it.
 *
 * @param finalRecipient the address delivery was attempted to ({@code Final-Recipient}, section 2.3.2)
 * @param originalRecipient {@code addr-type;address} for {@code Original-Recipient} (section 2.3.1): the
 *        client's {@code ORCPT} as given, or {@code rfc822;} and the address as it arrived
 * @param action section 2.3.3
 * @param status RFC 3463 status such as {@code 5.1.1} (section 2.3.4); a malformed value is reported as
 *        {@code 5.0.0}, {@code 4.0.0} or {@code 2.0.0} by action
 * @param remoteMta the remote server's host name for {@code Remote-MTA: dns; ...} (section 2.3.5)
 * @param diagnostic section 2.3.6
 * @param reason the human-readable explanation, e.g. {@code host mx.b.test[127.0.0.1] said: 550 5.1.1
 *        <x@b.test>: Recipient address rejected (in reply to RCPT TO command)}; blank uses the diagnostic
 * @param lastAttempt {@code Last-Attempt-Date} (section 2.3.7)
 * @param willRetryUntil {@code Will-Retry-Until} (section 2.3.9), written only for {@link DsnAction#DELAYED}
 */
public record DsnRecipient(String finalRecipient, Optional<String> originalRecipient, DsnAction action, String status,
        Optional<String> remoteMta, Diagnostic diagnostic, String reason, Instant lastAttempt,
        Optional<Instant> willRetryUntil) {

    private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public DsnRecipient {
        Objects.requireNonNull(finalRecipient, "finalRecipient");
        Objects.requireNonNull(originalRecipient, "originalRecipient");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(remoteMta, "remoteMta");
        Objects.requireNonNull(diagnostic, "diagnostic");
        Objects.requireNonNull(lastAttempt, "lastAttempt");
        Objects.requireNonNull(willRetryUntil, "willRetryUntil");
        if (status == null || !STATUS.matcher(status).matches()) {
            status = switch (action) {
                case FAILED -> "5.0.0";
                case DELAYED -> "4.0.0";
                default -> "2.0.0";
            };
        }
        reason = reason == null || reason.isBlank() ? diagnostic.text() : reason;
    }

    /**
     * The group for one recipient of the queue manager's records: the outcome delivery-service reported
     * and the recipient as resolved at arrival (for {@code ORCPT} and the original address).
     *
     * <p>A sent outcome is {@link DsnAction#DELIVERED} for local and virtual delivery and
     * {@link DsnAction#RELAYED} when it was handed to another server (RFC 3461 section 6.2.3: the remote
     * server reports on from there).
     */
    public static DsnRecipient of(Recipient recipient, DeliveryReport.Outcome outcome, Instant lastAttempt,
            Optional<Instant> willRetryUntil) {
        DsnAction action = switch (outcome.status()) {
            case DeliveryReport.BOUNCED -> DsnAction.FAILED;
            case DeliveryReport.DEFERRED -> DsnAction.DELAYED;
            default -> recipient.transport().equals("smtp") ? DsnAction.RELAYED : DsnAction.DELIVERED;
        };
        String orcpt = recipient.dsn().orcpt();
        Optional<String> original = Optional.of(orcpt != null && orcpt.indexOf(';') > 0
                ? orcpt : "rfc822;" + recipient.originalAddress());
        Diagnostic diagnostic = outcome.smtpReply() != null && !outcome.smtpReply().isBlank()
                ? new Diagnostic.Smtp(outcome.smtpReply()) : new Diagnostic.Local(outcome.diagnostic());
        return new DsnRecipient(outcome.address(), original, action, outcome.dsnStatus(),
                Optional.ofNullable(outcome.remoteMta()), diagnostic, outcome.diagnostic(), lastAttempt, willRetryUntil);
    }
}
