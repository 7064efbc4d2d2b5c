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

    /** The {@code mail.active} key of this recipient's destination. */
    public String destination() {
        return transport + ":" + nexthop;
    }

    /** The resolved recipient as delivery requests carry it. */
    public Recipient toRecipient() {
        return new Recipient(address, originalAddress, transport, nexthop, mailbox, dsn);
    }

    public boolean isFinal() {
        return status.equals(SENT) || status.equals(BOUNCED);
    }
}
