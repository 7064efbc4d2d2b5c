package io.kurir.mail.payload;

import java.time.Instant;
import java.util.List;

/**
 * A delivery request on {@link Topics#ACTIVE}: one message, the recipients of one transport and
 * next-hop destination. Keyed by {@code transport:nexthop} so one consumer owns a destination.
 */
public record ActiveRecord(int version, String queueId, Instant arrivalTime, String sender,
        String transport, String nexthop, List<Recipient> recipients, String blobId, long size) {

    public static final int VERSION = 1;

    public ActiveRecord {
        Payloads.require(queueId, "queueId");
        Payloads.require(arrivalTime, "arrivalTime");
        Payloads.require(sender, "sender");
        Payloads.require(transport, "transport");
        Payloads.require(nexthop, "nexthop");
        Payloads.require(blobId, "blobId");
        recipients = Payloads.nonEmpty(recipients, "recipients");
    }

    /** The Kafka key of a destination. */
    public static String destinationKey(String transport, String nexthop) {
        return transport + ":" + nexthop;
    }
}
