package io.kurir.queue.rest;

import io.kurir.store.queue.QueuedMessage;
import io.kurir.store.queue.QueuedRecipient;
import java.time.Instant;
import java.util.List;

/** What the admin API answers, as JSON: kept apart from the store's records so the API stays put when they change. */
final class QueueViews {

    private QueueViews() {
    }

    /** A queued message (postqueue -p's entry, with every recipient and where it stands). */
    record Message(String queueId, String state, Instant arrivalTime, String sender, long size, String messageId,
            Instant nextAttempt, int attempts, List<Rcpt> recipients) {

        static Message of(QueuedMessage m) {
            return new Message(m.queueId(), m.state(), m.arrivalTime(), m.sender(), m.size(), m.messageId(),
                    m.nextAttempt(), m.attempts(), m.recipients().stream().map(Rcpt::of).toList());
        }
    }

    /** @param status {@code pending}, {@code inflight}, {@code sent} or {@code bounced} */
    record Rcpt(String address, String originalAddress, String transport, String nexthop, String status,
            String dsnStatus, String relay, String reason) {

        static Rcpt of(QueuedRecipient r) {
            return new Rcpt(r.address(), r.originalAddress(), r.transport(), r.nexthop(), r.status(), r.dsnStatus(),
                    r.relay(), r.reason());
        }
    }

    /**
     * What an operation on one message did.
     *
     * @param changed 1 when the message was changed, 0 when it was already so (e.g. held twice)
     * @param state the message's state now; {@code deleted} after a delete
     */
    record Changed(String queueId, int changed, String state) {
    }
}
