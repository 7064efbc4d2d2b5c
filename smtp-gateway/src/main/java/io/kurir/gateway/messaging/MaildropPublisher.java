package io.kurir.gateway.messaging;

import io.kurir.mail.payload.MaildropRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes maildrop records keyed by queue id; the Uni completes when Kafka acknowledged (acks=all). */
@ApplicationScoped
public class MaildropPublisher {

    private final MutinyEmitter<MaildropRecord> emitter;

    public MaildropPublisher(@Channel("maildrop") MutinyEmitter<MaildropRecord> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(MaildropRecord record) {
        return emitter.sendMessage(Message.of(record)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.queueId()).build()));
    }
}
