package io.kurir.gateway.store;

import io.kurir.gateway.messaging.MaildropPublisher;
import io.kurir.gateway.session.SmtpSession;
import io.kurir.mail.MailAddress;
import io.kurir.mail.QueueId;
import io.kurir.mail.payload.ClientInfo;
import io.kurir.mail.payload.MaildropRecord;
import io.kurir.store.BlobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Puts an accepted message into the queue: the bytes into the blob store (committed), then the
 * maildrop record into Kafka (acknowledged by all in-sync replicas). Only when both succeeded does
 * the client get 250; otherwise the blob is removed again and the client gets 451 4.3.0 and retries.
 * A record that Kafka did store although the send reported failure finds no blob: rewrite-service
 * skips it, as the client was told to send again.
 *
 * <p>Blocking: call it on a worker thread.
 */
public final class QueueWriter {

    private static final Logger LOG = Logger.getLogger("smtpd");

    private final BlobStore blobs;
    private final MaildropPublisher publisher;
    private final Duration timeout;

    public QueueWriter(BlobStore blobs, MaildropPublisher publisher, Duration timeout) {
        this.blobs = blobs;
        this.publisher = publisher;
        this.timeout = timeout;
    }

    /** Returns the queue id, or empty when the message could not be queued (already logged). */
    public Optional<String> enqueue(SmtpSession.Envelope envelope, byte[] content, ClientInfo client) {
        Instant arrival = Instant.now();
        String queueId;
        String blobId;
        try {
            do {
                queueId = QueueId.next(arrival);
                blobId = "raw/" + queueId;
            } while (!blobs.putNew(blobId, content));
        } catch (RuntimeException e) {
            LOG.errorf("warning: queue file write error: %s", e.getMessage());
            return Optional.empty();
        }
        LOG.infof("%s: client=%s[%s]", queueId, client.hostname(), client.address());
        var record = new MaildropRecord(MaildropRecord.VERSION, queueId, arrival,
                envelope.sender().map(MailAddress::toString).orElse(""),
                envelope.recipients().stream().map(MailAddress::toString).toList(), client, blobId, content.length, envelope.smtputf8(),
                envelope.dsnRet().orElse(null), envelope.dsnEnvid().orElse(null), envelope.recipientDsn());
        try {
            publisher.publish(record).await().atMost(timeout);
            return Optional.of(queueId);
        } catch (RuntimeException e) {
            LOG.errorf("%s: warning: maildrop publish failed, message not queued: %s", queueId, e.getMessage());
            try {
                blobs.delete(blobId);
            } catch (RuntimeException cleanup) {
                LOG.errorf("%s: warning: could not remove queue file: %s", queueId, cleanup.getMessage());
            }
            return Optional.empty();
        }
    }
}
