package io.kurir.store.queue;

import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.RecipientDsn;

/**
 * One recipient of a queued message and where it stands.
 *
 * @param status {@code pending}, {@code inflight}, {@code sent} or {@code bounced}
 * @param reason the last outcome's text: why it was deferred or bounced, how it was delivered
 * @param expired bounced because the message outlived {@code maximal-queue-lifetime}
 */
public record QueuedRecipient(int seq, String address, String originalAddress, String transport, String nexthop,
        String mailbox, RecipientDsn dsn, String status, String dsnStatus, String relay, String reason,
        String remoteMta, String smtpReply, boolean expired) {

    public static final String PENDING = "pending";
    public static final String INFLIGHT = "inflight";
    public static final String SENT = "sent";
    public static final String BOUNCED = "bounced";

    /**
     * The destination whose concurrency window this recipient counts against: {@code transport:nexthop}
     * for remote delivery, but the recipient's mailbox for local delivery — Postfix's local
     * destination is the recipient (local_destination_concurrency_limit is per user), so a busy domain
     * of many users is not limited to two deliveries at a time.
     */
    public String destination() {
        return destination(transport, nexthop, mailbox);
    }

    /** {@link #destination()} of a resolved recipient; stored with each queued recipient (migration V10). */
    public static String destination(String transport, String nexthop, String mailbox) {
        return transport.equals("local") ? "local:" + mailbox : transport + ":" + nexthop;
    }

    /** The resolved recipient as delivery requests carry it. */
    public Recipient toRecipient() {
        return new Recipient(address, originalAddress, transport, nexthop, mailbox, dsn);
    }

    public boolean isFinal() {
        return status.equals(SENT) || status.equals(BOUNCED);
    }
}
