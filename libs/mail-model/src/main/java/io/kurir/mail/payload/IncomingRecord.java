package io.kurir.mail.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.List;

/**
 * A cleaned message on {@link Topics#INCOMING}, keyed by queue id: headers completed, recipients
 * resolved to transports. {@code blobId} names the cleaned message, not the raw one.
 * {@code dsnRet}, {@code dsnEnvid} and {@code smtputf8} are as in {@link MaildropRecord}.
 */
public record IncomingRecord(int version, String queueId, Instant arrivalTime, String sender,
        List<Recipient> recipients, String blobId, long size, String messageId, String dsnRet, String dsnEnvid,
        boolean smtputf8) {

    public static final int VERSION = 1;

    @JsonCreator
    public IncomingRecord {
        dsnRet = Payloads.dsnRet(dsnRet);
        Payloads.require(queueId, "queueId");
        Payloads.require(arrivalTime, "arrivalTime");
        Payloads.require(sender, "sender");
        Payloads.require(blobId, "blobId");
        recipients = Payloads.nonEmpty(recipients, "recipients");
    }

    /** A record without envelope DSN parameters. */
    public IncomingRecord(int version, String queueId, Instant arrivalTime, String sender, List<Recipient> recipients,
            String blobId, long size, String messageId) {
        this(version, queueId, arrivalTime, sender, recipients, blobId, size, messageId, null, null, false);
    }
}
