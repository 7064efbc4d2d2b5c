package io.kurir.queue.bounce;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a delivery status notification says about one queued message.
 *
 * @param kind which notice
 * @param myhostname this system's name, for From, Message-Id and {@code Reporting-MTA}
 * @param queueId the original message's queue id ({@code X-Postfix-Queue-ID})
 * @param arrivalDate when the original message arrived ({@code Arrival-Date}, RFC 3464 section 2.2.5)
 * @param sender the original envelope sender, empty for the null sender ({@code X-Postfix-Sender})
 * @param reportRecipient who the notice goes to: the sender, or the postmaster for
 *        {@link DsnKind#POSTMASTER_COPY}
 * @param envid the original envelope's {@code ENVID}, xtext-decoded (RFC 3461 section 4.4, RFC 3464
 *        section 2.2.1)
 * @param ret the original envelope's {@code RET} (RFC 3461 section 4.3)
 * @param recipients the recipient groups, in the order to report them; at least one
 * @param original the original message as stored (header and body, any line endings)
 */
public record BounceRequest(DsnKind kind, String myhostname, String queueId, Instant arrivalDate, String sender,
        String reportRecipient, Optional<String> envid, DsnRet ret, List<DsnRecipient> recipients, byte[] original) {

    public BounceRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(myhostname, "myhostname");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(arrivalDate, "arrivalDate");
        sender = sender == null ? "" : sender;
        Objects.requireNonNull(reportRecipient, "reportRecipient");
        Objects.requireNonNull(envid, "envid");
        Objects.requireNonNull(ret, "ret");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a DSN reports on at least one recipient");
        }
        Objects.requireNonNull(original, "original");
    }
}
