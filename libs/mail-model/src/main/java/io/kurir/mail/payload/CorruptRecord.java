package io.kurir.mail.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;

/**
 * A message cleanup could not process, on {@link Topics#CORRUPT}, keyed by queue id: Postfix's
 * corrupt queue. It carries what the administrator needs to look at it and to send it again: the
 * reason, the maildrop record as it was on Kafka (cut at {@link #MAX_RECORD_CHARS}) and the raw
 * queue file it names, which is kept.
 *
 * @param queueId the record's key, or {@code maildrop-PARTITION-OFFSET} when it had none
 * @param reason why it could not be processed, for the administrator
 * @param record the maildrop record's text (UTF-8, malformed bytes replaced)
 * @param blobId the raw queue file, or null when the record could not be read
 * @param reportedAt when cleanup gave up on it
 */
public record CorruptRecord(int version, String queueId, String reason, String record, String blobId,
        Instant reportedAt) {

    public static final int VERSION = 1;

    /** The longest maildrop record text kept (a maildrop record is small; anything longer is not one). */
    public static final int MAX_RECORD_CHARS = 65_536;

    @JsonCreator
    public CorruptRecord {
        Payloads.require(queueId, "queueId");
        Payloads.require(reason, "reason");
        Payloads.require(record, "record");
        Payloads.require(reportedAt, "reportedAt");
        if (record.length() > MAX_RECORD_CHARS) {
            record = record.substring(0, MAX_RECORD_CHARS);
        }
    }
}
