package io.kurir.mail.payload;

import java.time.Instant;
import java.util.List;

/**
 * A cleaned message on {@link Topics#INCOMING}, keyed by queue id: headers completed, recipients
 * resolved to transports. {@code blobId} names the cleaned message, not the raw one.
 */
public record IncomingRecord(int version, String queueId, Instant arrivalTime, String sender,
        List<Recipient> recipients, String blobId, long size, String messageId) {

    public static final int VERSION = 1;

    public IncomingRecord {
        Payloads.require(queueId, "queueId");
        Payloads.require(arrivalTime, "arrivalTime");
        Payloads.require(sender, "sender");
        Payloads.require(blobId, "blobId");
        recipients = Payloads.nonEmpty(recipients, "recipients");
    }
}
