package io.kurir.gateway.transport;

import io.kurir.devstack.SharedTestStack;
import io.kurir.mail.payload.MaildropRecord;
import io.kurir.mail.payload.PayloadJson;
import io.kurir.mail.payload.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads mail.maildrop from the beginning with a throw-away consumer group, polling with a deadline. */
final class MaildropRecords {

    private MaildropRecords() {
    }

    static Optional<MaildropRecord> find(String queueId) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestStack.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new PayloadJson.MaildropDeserializer())) {
            consumer.subscribe(java.util.List.of(Topics.MAILDROP));
            Instant deadline = Instant.now().plusSeconds(20);
            while (Instant.now().isBefore(deadline)) {
                for (var rec : consumer.poll(Duration.ofMillis(500))) {
                    if (queueId.equals(rec.key())) {
                        return Optional.of(rec.value());
                    }
                }
            }
            return Optional.empty();
        }
    }
}
