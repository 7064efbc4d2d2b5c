package io.kurir.queue.messaging;

import io.kurir.mail.payload.ActiveRecord;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes delivery requests on {@code mail.active}, keyed by destination; returns when Kafka acknowledged. */
@ApplicationScoped
public class ActivePublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    /** Sends in flight at once: well within the emitter's buffer (128 by default). */
    private static final int IN_FLIGHT = 64;

    private final MutinyEmitter<ActiveRecord> active;

    public ActivePublisher(@Channel("active") MutinyEmitter<ActiveRecord> active) {
        this.active = active;
    }

    /**
     * Sends every request at once and waits for Kafka's acknowledgements (one round trip for a pass,
     * not one per request). Returns the requests Kafka did not take, with why.
     */
    public Map<ActiveRecord, Throwable> publishAll(List<ActiveRecord> requests) {
        Map<ActiveRecord, Throwable> failed = new LinkedHashMap<>();
        for (int from = 0; from < requests.size(); from += IN_FLIGHT) {
            failed.putAll(publish(requests.subList(from, Math.min(requests.size(), from + IN_FLIGHT))));
        }
        return failed;
    }

    private Map<ActiveRecord, Throwable> publish(List<ActiveRecord> requests) {
        Map<ActiveRecord, CompletableFuture<Void>> sent = new LinkedHashMap<>();
        Map<ActiveRecord, Throwable> failed = new LinkedHashMap<>();
        for (ActiveRecord request : requests) {
            String key = ActiveRecord.destinationKey(request.transport(), request.nexthop());
            try {
                sent.put(request, active.sendMessage(Message.of(request)
                                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()))
                        .subscribeAsCompletionStage());
            } catch (RuntimeException e) {
                failed.put(request, e); // the emitter refused it (its channel is down or full)
            }
        }
        for (var entry : sent.entrySet()) {
            try {
                entry.getValue().get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                failed.put(entry.getKey(), e.getCause());
            } catch (TimeoutException e) {
                failed.put(entry.getKey(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.put(entry.getKey(), e);
            }
        }
        return failed;
    }
}
