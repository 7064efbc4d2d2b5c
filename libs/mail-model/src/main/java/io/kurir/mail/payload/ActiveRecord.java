package io.kurir.mail.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.List;

/**
 * A delivery request on {@link Topics#ACTIVE}: one message, the recipients of one transport and
 * next-hop destination. Keyed by {@code transport:nexthop} so one consumer owns a destination.
 * {@code dsnRet} and {@code dsnEnvid} are as in {@link MaildropRecord}.
 *
 * @param requestId names this request in queue-service's state; the {@link DeliveryReport} repeats
 *        it. Null only in records written before queue-service kept state (they are delivered, and
 *        their reports are ignored).
 * @param smtputf8 the message needs SMTPUTF8 (RFC 6531) from a remote server
 */
public record ActiveRecord(int version, String queueId, Instant arrivalTime, String sender,
        String transport, String nexthop, List<Recipient> recipients, String blobId, long size,
        String dsnRet, String dsnEnvid, String requestId, boolean smtputf8) {

    public static final int VERSION = 1;

    @JsonCreator
    public ActiveRecord {
        dsnRet = Payloads.dsnRet(dsnRet);
        Payloads.require(queueId, "queueId");
        Payloads.require(arrivalTime, "arrivalTime");
        Payloads.require(sender, "sender");
        Payloads.require(transport, "transport");
        Payloads.require(nexthop, "nexthop");
        Payloads.require(blobId, "blobId");
        recipients = Payloads.nonEmpty(recipients, "recipients");
    }

    /** A request without envelope DSN parameters. */
    public ActiveRecord(int version, String queueId, Instant arrivalTime, String sender, String transport,
            String nexthop, List<Recipient> recipients, String blobId, long size) {
        this(version, queueId, arrivalTime, sender, transport, nexthop, recipients, blobId, size, null, null, null,
                false);
    }

    /** The Kafka key of a destination. */
    public static String destinationKey(String transport, String nexthop) {
        return transport + ":" + nexthop;
    }
}
