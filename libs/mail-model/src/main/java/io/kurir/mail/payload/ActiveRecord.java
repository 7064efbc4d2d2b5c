package io.kurir.mail.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.List;

/**
 * A delivery request on {@link Topics#ACTIVE}: one message, the recipients of one transport and
 * next-hop destination. Keyed by {@code transport:nexthop} so one consumer owns a destination.
 * {@code dsnRet} and {@code dsnEnvid} are as in {@link MaildropRecord}.
 */
public record ActiveRecord(int version, String queueId, Instant arrivalTime, String sender,
        String transport, String nexthop, List<Recipient> recipients, String blobId, long size,
        String dsnRet, String dsnEnvid) {

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
        this(version, queueId, arrivalTime, sender, transport, nexthop, recipients, blobId, size, null, null);
    }

    /** The Kafka key of a destination. */
    public static String destinationKey(String transport, String nexthop) {
        return transport + ":" + nexthop;
    }
}
