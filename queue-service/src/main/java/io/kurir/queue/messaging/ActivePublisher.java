package io.kurir.queue.messaging;

import io.kurir.mail.payload.ActiveRecord;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes delivery requests on {@code mail.active}, keyed by destination; returns when Kafka acknowledged. */
@ApplicationScoped
public class ActivePublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<ActiveRecord> active;

    public ActivePublisher(@Channel("active") MutinyEmitter<ActiveRecord> active) {
        this.active = active;
    }

    /** Blocks until acknowledged; throws when Kafka did not take it. */
    public void publish(ActiveRecord request) {
        String key = ActiveRecord.destinationKey(request.transport(), request.nexthop());
        active.sendMessage(Message.of(request)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()))
                .await().atMost(ACK_TIMEOUT);
    }
}
