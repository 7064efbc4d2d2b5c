package io.kurir.store.queue;

import java.time.Instant;
import java.util.List;

/**
 * A message in queue-service's queue with its recipients.
 *
 * @param state {@code active}, {@code deferred}, {@code hold}, {@code done} or {@code finishing}
 *        (see migration V8)
 */
public record QueuedMessage(String queueId, Instant arrivalTime, String sender, String blobId, long size,
        String messageId, String dsnRet, String dsnEnvid, boolean smtputf8, String state, Instant nextAttempt,
        int attempts, boolean delayWarned, List<QueuedRecipient> recipients) {

    public static final String ACTIVE = "active";
    public static final String DEFERRED = "deferred";
    public static final String HOLD = "hold";
    public static final String DONE = "done";
    public static final String FINISHING = "finishing";

    public QueuedMessage {
        recipients = List.copyOf(recipients);
    }
}
