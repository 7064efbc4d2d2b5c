package io.kurir.mail.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param dsnRet RFC 3461 {@code RET} ({@code FULL} or {@code HDRS}), null when not given
 * @param dsnEnvid RFC 3461 {@code ENVID} decoded from xtext, null when not given
 * @param recipientDsn RFC 3461 {@code NOTIFY}/{@code ORCPT} per recipient, keyed by the address as it
 *        appears in {@code recipients}; recipients without parameters are absent
 */
public record MaildropRecord(int version, String queueId, Instant arrivalTime, String sender,
        List<String> recipients, ClientInfo client, String blobId, long size, boolean smtputf8,
        String dsnRet, String dsnEnvid, Map<String, RecipientDsn> recipientDsn) {

    /** Fields added later are optional, so the version changes only when a reader must refuse a record. */
    public static final int VERSION = 1;

    /** A record that breaks these rules cannot be read, and is skipped by its consumer with a log line. */
    @JsonCreator
    public MaildropRecord {
        Payloads.require(queueId, "queueId");
        Payloads.require(arrivalTime, "arrivalTime");
        Payloads.require(sender, "sender");
        Payloads.require(client, "client");
        Payloads.require(blobId, "blobId");
        recipients = Payloads.nonEmpty(recipients, "recipients");
        dsnRet = Payloads.dsnRet(dsnRet);
        recipientDsn = recipientDsn == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(recipientDsn));
    }

    /** A record without DSN parameters. */
    public MaildropRecord(int version, String queueId, Instant arrivalTime, String sender, List<String> recipients,
            ClientInfo client, String blobId, long size, boolean smtputf8) {
        this(version, queueId, arrivalTime, sender, recipients, client, blobId, size, smtputf8, null, null, Map.of());
    }

    /** The DSN parameters given for {@code recipient}, {@link RecipientDsn#NONE} when there were none. */
    public RecipientDsn dsnOf(String recipient) {
        return recipientDsn.getOrDefault(recipient, RecipientDsn.NONE);
    }
}
