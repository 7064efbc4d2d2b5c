package io.kurir.mail.payload;

import java.time.Instant;
import java.util.List;

/**
 * A newly submitted message on {@link Topics#MAILDROP}, keyed by queue id. The bytes are in the
 * blob store under {@code blobId}; they never travel through Kafka.
 *
 * @param version payload version, {@link #VERSION}
 * @param queueId the Postfix-style queue id
 * @param arrivalTime when the gateway accepted the message
 * @param sender envelope sender, empty string for the null sender {@code <>}
 * @param recipients envelope recipients as the client gave them (after syntax checks)
 * @param client where the message came from
 * @param blobId the raw message in the blob store
 * @param size message size in octets
 * @param smtputf8 the client declared SMTPUTF8 (RFC 6531): UTF-8 addresses and headers, not to be downgraded
 */
public record MaildropRecord(int version, String queueId, Instant arrivalTime, String sender,
        List<String> recipients, ClientInfo client, String blobId, long size, boolean smtputf8) {

    public static final int VERSION = 1;

    /** A record that breaks these rules cannot be read, and is skipped by its consumer with a log line. */
    public MaildropRecord {
        Payloads.require(queueId, "queueId");
        Payloads.require(arrivalTime, "arrivalTime");
        Payloads.require(sender, "sender");
        Payloads.require(client, "client");
        Payloads.require(blobId, "blobId");
        recipients = Payloads.nonEmpty(recipients, "recipients");
    }
}
