package io.kurir.queue.messaging;

import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.Recipient;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * qmgr, first part: every message on {@code mail.incoming} is split per transport and next-hop
 * destination into delivery requests on {@code mail.active}, keyed by destination. The incoming
 * record is acknowledged only when Kafka acknowledged every request it produced (at-least-once;
 * delivery is idempotent per queue id and recipient).
 *
 * <p>Retry scheduling, concurrency windows and the queue tools come with the queue-manager issue.
 */
@ApplicationScoped
public class IncomingRouter {

    private static final Logger LOG = Logger.getLogger("qmgr");

    private final MutinyEmitter<ActiveRecord> active;
    private final MeterRegistry metrics;

    public IncomingRouter(@Channel("active") MutinyEmitter<ActiveRecord> active, MeterRegistry metrics) {
        this.active = active;
        this.metrics = metrics;
    }

    @Incoming("incoming")
    public Uni<Void> route(IncomingRecord in) {
        if (in == null) {
            // fail-on-deserialization-failure=false: the connector logged the unreadable record
            LOG.error("warning: unreadable record skipped (its reason is logged just before)");
            return Uni.createFrom().voidItem();
        }
        LOG.infof("%s: from=<%s>, size=%d, nrcpt=%d (queue active)", in.queueId(), in.sender(), in.size(),
                in.recipients().size());
        List<Uni<Void>> sends = new ArrayList<>();
        for (ActiveRecord request : split(in)) {
            String key = ActiveRecord.destinationKey(request.transport(), request.nexthop());
            Message<ActiveRecord> msg = Message.of(request)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
            // a failed send (Kafka down) is retried; the incoming record stays unacknowledged meanwhile
            sends.add(active.sendMessage(msg)
                    .onFailure().invoke(e -> LOG.warnf("%s: publish to mail.active failed, retrying: %s", in.queueId(),
                            e.getMessage()))
                    .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely());
        }
        metrics.counter("kurir_qmgr_messages_total").increment();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** One delivery request per (transport, next hop), recipients in their original order. */
    public static List<ActiveRecord> split(IncomingRecord in) {
        Map<String, List<Recipient>> groups = new LinkedHashMap<>();
        for (Recipient r : in.recipients()) {
            groups.computeIfAbsent(ActiveRecord.destinationKey(r.transport(), r.nexthop()), k -> new ArrayList<>()).add(r);
        }
        List<ActiveRecord> requests = new ArrayList<>();
        for (List<Recipient> group : groups.values()) {
            Recipient first = group.get(0);
            requests.add(new ActiveRecord(ActiveRecord.VERSION, in.queueId(), in.arrivalTime(), in.sender(),
                    first.transport(), first.nexthop(), group, in.blobId(), in.size(), in.dsnRet(), in.dsnEnvid(), null, in.smtputf8()));
        }
        return requests;
    }
}
