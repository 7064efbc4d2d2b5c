package io.kurir.queue.messaging;

import io.kurir.mail.payload.ClientInfo;
import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.MaildropRecord;
import io.kurir.queue.bounce.BounceComposer;
import io.kurir.queue.bounce.BounceMessage;
import io.kurir.queue.bounce.BouncePolicy;
import io.kurir.queue.bounce.BounceRequest;
import io.kurir.queue.bounce.DsnKind;
import io.kurir.queue.bounce.DsnRecipient;
import io.kurir.queue.bounce.DsnRet;
import io.kurir.queue.config.QueueConfig;
import io.kurir.store.BlobStore;
import io.kurir.store.queue.QueuedMessage;
import io.kurir.store.queue.QueuedRecipient;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Postfix's bounce(8) for queue-service: the notices a message is owed — non-delivery to the
 * sender (or, for a bounce that bounced, a copy to postmaster; a double bounce that bounces is
 * dropped), success notices for {@code NOTIFY=SUCCESS}, delay notices — composed as RFC 3464
 * reports and submitted through {@code mail.maildrop} like any mail, from the null sender.
 *
 * <p>A notice's queue id is derived from the message's queue id and the notice kind, so a notice
 * submitted twice (a crash before the message was removed) is one message downstream: local
 * delivery is idempotent per queue id and recipient.
 */
@ApplicationScoped
public class Notices {

    private static final Logger LOG = Logger.getLogger("bounce");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final ClientInfo LOCAL = new ClientInfo("localhost", "127.0.0.1", "localhost", "LOCAL");

    private final MutinyEmitter<MaildropRecord> maildrop;
    private final BlobStore blobs;
    private final QueueConfig config;

    public Notices(@Channel("maildrop") MutinyEmitter<MaildropRecord> maildrop, BlobStore blobs, QueueConfig config) {
        this.maildrop = maildrop;
        this.blobs = blobs;
        this.config = config;
    }

    /** The notices of a message whose recipients are all final. */
    void finished(QueuedMessage m, Instant now) {
        List<QueuedRecipient> bounced = m.recipients().stream()
                .filter(r -> r.status().equals(QueuedRecipient.BOUNCED)).toList();
        List<QueuedRecipient> sent = m.recipients().stream()
                .filter(r -> r.status().equals(QueuedRecipient.SENT)).toList();
        if (BouncePolicy.isBounce(m.sender())) {
            if (bounced.isEmpty()) {
                return;
            }
            if (m.sender().isEmpty()) {
                send(m, DsnKind.POSTMASTER_COPY, bounced, "postmaster", now, "postmaster non-delivery notification");
            } else {
                LOG.warnf("%s: undeliverable double bounce from <%s> discarded", m.queueId(), m.sender());
            }
            return;
        }
        List<QueuedRecipient> failed = BouncePolicy.select(DsnKind.FAILURE, bounced, QueuedRecipient::dsn);
        if (!failed.isEmpty()) {
            send(m, DsnKind.FAILURE, failed, m.sender(), now, "sender non-delivery notification");
        }
        // NOTIFY=SUCCESS only when asked for explicitly (RFC 3461 4.1: the default is FAILURE,DELAY)
        List<QueuedRecipient> delivered = sent.stream().filter(r -> r.dsn().notifyOn().contains("SUCCESS")).toList();
        if (!delivered.isEmpty()) {
            send(m, DsnKind.SUCCESS, delivered, m.sender(), now, "sender delivery status notification");
        }
    }

    /** The delay notice of a message still in the queue after delay-warning-time. */
    void delayed(QueuedMessage m, Instant now) {
        if (BouncePolicy.isBounce(m.sender())) {
            return; // never a notice about a notice
        }
        List<QueuedRecipient> waiting = m.recipients().stream().filter(r -> !r.isFinal()).toList();
        List<QueuedRecipient> wanted = BouncePolicy.select(DsnKind.DELAY, waiting, QueuedRecipient::dsn);
        if (!wanted.isEmpty()) {
            send(m, DsnKind.DELAY, wanted, m.sender(), now, "sender delay notification");
        }
    }

    private void send(QueuedMessage m, DsnKind kind, List<QueuedRecipient> recipients, String to, Instant now,
            String what) {
        Optional<byte[]> original = blobs.get(m.blobId());
        Optional<Instant> retryUntil = kind == DsnKind.DELAY
                ? Optional.of(m.arrivalTime().plus(config.backoff().lifetime(m.sender()))) : Optional.empty();
        List<DsnRecipient> groups = recipients.stream().map(r -> DsnRecipient.of(r.toRecipient(), outcome(r), now,
                retryUntil)).toList();
        String myhostname = config.domains().myhostname();
        var request = new BounceRequest(kind, myhostname, m.queueId(), m.arrivalTime(), m.sender(), to,
                Optional.ofNullable(m.dsnEnvid()), DsnRet.of(m.dsnRet()), groups,
                original.orElse(("X-Kurir-Note: the original message is no longer in the queue\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
        String noticeId = noticeQueueId(m.queueId(), kind);
        BounceMessage notice = new BounceComposer(Clock.fixed(now, java.time.ZoneOffset.UTC), config.bounceSizeLimit())
                .compose(request, noticeId);
        String blobId = "dsn/" + noticeId;
        blobs.putIdempotent(blobId, notice.content());
        var record = new MaildropRecord(MaildropRecord.VERSION, noticeId, now, notice.envelopeSender(), List.of(to),
                LOCAL, blobId, notice.content().length, notice.smtputf8(), null, null, Map.of());
        maildrop.sendMessage(Message.of(record)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(noticeId).build()))
                .await().atMost(ACK_TIMEOUT);
        LOG.infof("%s: %s: %s", m.queueId(), what, noticeId);
    }

    private static DeliveryReport.Outcome outcome(QueuedRecipient r) {
        String status = switch (r.status()) {
            case QueuedRecipient.SENT -> DeliveryReport.SENT;
            case QueuedRecipient.BOUNCED -> DeliveryReport.BOUNCED;
            default -> DeliveryReport.DEFERRED;
        };
        String dsnStatus = r.dsnStatus() != null ? r.dsnStatus() : status.equals(DeliveryReport.DEFERRED) ? "4.0.0" : "5.0.0";
        if (r.expired() && dsnStatus.startsWith("4")) {
            // returned after maximal-queue-lifetime: the last temporary status, reported as a failure
            return new DeliveryReport.Outcome(r.address(), status, dsnStatus, r.relay(),
                    "message delivery timed out: " + (r.reason() == null ? "" : r.reason()), r.remoteMta(), r.smtpReply());
        }
        return new DeliveryReport.Outcome(r.address(), status, dsnStatus, r.relay(), r.reason(), r.remoteMta(),
                r.smtpReply());
    }

    /** 12 upper-case hex digits from the message's queue id and the notice kind: the same notice, the same id. */
    static String noticeQueueId(String queueId, DsnKind kind) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((queueId + "/" + kind).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
