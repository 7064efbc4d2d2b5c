package io.kurir.delivery.messaging;

import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes a delivery report, keyed by queue id: on {@code mail.deferred} when a recipient is to
 * be tried again, on {@code mail.results} otherwise. Returns when Kafka acknowledged it.
 */
@ApplicationScoped
public class ReportPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<DeliveryReport> reports;

    public ReportPublisher(@Channel("reports") MutinyEmitter<DeliveryReport> reports) {
        this.reports = reports;
    }

    public void publish(DeliveryReport report) {
        String topic = report.anyDeferred() ? Topics.DEFERRED : Topics.RESULTS;
        reports.sendMessage(Message.of(report).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic).withKey(report.queueId()).build()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(20)
                .await().atMost(ACK_TIMEOUT.multipliedBy(20));
    }
}
