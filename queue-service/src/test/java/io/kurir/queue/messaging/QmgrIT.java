package io.kurir.queue.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.devstack.SharedTestStack;
import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.MaildropRecord;
import io.kurir.mail.payload.PayloadJson;
import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.RecipientDsn;
import io.kurir.mail.payload.Topics;
import io.kurir.store.BlobStore;
import io.kurir.store.queue.QueueStore;
import io.kurir.store.queue.QueuedMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * qmgr against real Kafka and PostgreSQL, playing delivery-service by hand: it reads the requests
 * on mail.active and answers with reports, and watches mail.maildrop for the notices.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class QmgrIT {

    @Inject
    QueueStore queue;
    @Inject
    BlobStore blobs;

    KafkaProducer<String, Object> producer;
    KafkaConsumer<String, ActiveRecord> active;
    KafkaConsumer<String, MaildropRecord> maildrop;

    @BeforeEach
    void clients() {
        String bootstrap = SharedTestStack.get().kafka().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new PayloadJson.JsonSerializer());
        active = consumer(bootstrap, Topics.ACTIVE, new PayloadJson.ActiveDeserializer());
        maildrop = consumer(bootstrap, Topics.MAILDROP, new PayloadJson.MaildropDeserializer());
    }

    @AfterEach
    void close() {
        producer.close();
        active.close();
        maildrop.close();
    }

    private static <T> KafkaConsumer<String, T> consumer(String bootstrap, String topic, Deserializer<T> values) {
        var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "qmgr-it-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values);
        c.subscribe(List.of(topic));
        return c;
    }

    /** Records polled but not yet asked for, per consumer: a poll can bring several, and each is wanted once. */
    private final java.util.Map<KafkaConsumer<String, ?>, java.util.List<Object>> unread = new java.util.HashMap<>();

    @SuppressWarnings("unchecked")
    private <T> T next(KafkaConsumer<String, T> consumer, Predicate<T> wanted) {
        java.util.List<Object> pending = unread.computeIfAbsent(consumer, c -> new java.util.ArrayList<>());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            for (var it = pending.iterator(); it.hasNext(); ) {
                T value = (T) it.next();
                if (wanted.test(value)) {
                    it.remove();
                    return value;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such record within 30 s");
            }
            for (var r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() != null) {
                    pending.add(r.value());
                }
            }
        }
    }

    private void send(String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }

    private static IncomingRecord incoming(String qid, Instant arrival, List<Recipient> rcpts) {
        return new IncomingRecord(1, qid, arrival, "budi@a.test", rcpts, "cln/" + qid, 60, "<" + qid + "@a.test>",
                null, "ENV-" + qid, false);
    }

    private DeliveryReport report(ActiveRecord r, Outcome... outcomes) {
        return new DeliveryReport(1, r.requestId(), r.queueId(), r.transport(), r.nexthop(), List.of(outcomes), false,
                Instant.now());
    }

    private boolean gone(String qid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (queue.find(qid).isEmpty()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return false;
    }

    @Test
    void aBouncedRecipientGetsTheSenderOneNonDeliveryNoticeAndTheQueueForgetsTheMessage() throws Exception {
        blobs.putIdempotent("cln/QA1", "Subject: lab\r\nFrom: budi@a.test\r\n\r\nhalo\r\n".getBytes(StandardCharsets.UTF_8));
        send(Topics.INCOMING, "QA1", incoming("QA1", Instant.now(), List.of(
                new Recipient("anto@localhost", "anto@localhost", "local", "mx.a.test", "anto"),
                new Recipient("x@b.test", "x@b.test", "smtp", "b.test", ""))));
        ActiveRecord local = next(active, r -> r.queueId().equals("QA1") && r.transport().equals("local"));
        ActiveRecord smtp = next(active, r -> r.queueId().equals("QA1") && r.transport().equals("smtp"));
        assertNotEquals(local.requestId(), smtp.requestId());
        assertEquals("ENV-QA1", smtp.dsnEnvid());

        send(Topics.RESULTS, "QA1", report(local, Outcome.sent("anto@localhost", "2.0.0", "local", "delivered")));
        send(Topics.RESULTS, "QA1", report(smtp, Outcome.bounced("x@b.test", "5.1.1", "mx.b.test[127.0.0.1]:25",
                "host mx.b.test[127.0.0.1] said: 550 5.1.1 <x@b.test>: Recipient address rejected: User unknown "
                        + "(in reply to RCPT TO command)").withRemote("mx.b.test",
                "550 5.1.1 <x@b.test>: Recipient address rejected: User unknown")));

        MaildropRecord notice = next(maildrop, m -> m.recipients().equals(List.of("budi@a.test"))
                && new String(blobs.get(m.blobId()).orElseThrow(), StandardCharsets.UTF_8).contains("QA1"));
        assertEquals("", notice.sender(), "a notice comes from the null sender");
        String text = new String(blobs.get(notice.blobId()).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(text.contains("Subject: Undelivered Mail Returned to Sender"), text);
        assertTrue(text.contains("From: MAILER-DAEMON@mx.a.test"), text);
        assertTrue(text.contains("Final-Recipient: rfc822; x@b.test"), text);
        assertTrue(text.contains("Status: 5.1.1"), text);
        assertTrue(text.contains("Diagnostic-Code: smtp; 550 5.1.1 <x@b.test>: Recipient address rejected"), text);
        assertTrue(text.contains("Original-Envelope-Id: ENV-QA1"), text);
        assertFalse(text.contains("Final-Recipient: rfc822; anto@localhost"), "the delivered recipient is not reported");
        assertTrue(text.contains("Subject: lab"), "the original is returned");
        assertTrue(gone("QA1"), "the message left the queue");
        assertTrue(blobs.get("cln/QA1").isEmpty(), "and its queue file is removed");
    }

    @Test
    void aDeferredRecipientIsTriedAgainAfterTheBackoffAndOnlyIt() throws Exception {
        // hostile records first, on the same partitions: each is skipped with a log line, the flow goes on
        try (var raw = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedTestStack.get().kafka().bootstrapServers()), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (String topic : List.of(Topics.INCOMING, Topics.RESULTS, Topics.DEFERRED)) {
                for (String garbage : List.of("{not json", "{\"version\":99}", "{\"version\":1,\"requestId\":\"x\"}",
                        "\u0000\u0001binary", "[" + "1,".repeat(100_000) + "1]")) {
                    raw.send(new ProducerRecord<>(topic, "QD1", garbage.getBytes(StandardCharsets.UTF_8)))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
        blobs.putIdempotent("cln/QD1", "Subject: retry\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
        send(Topics.INCOMING, "QD1", incoming("QD1", Instant.now(), List.of(
                new Recipient("a@c.test", "a@c.test", "smtp", "c.test", ""),
                new Recipient("b@c.test", "b@c.test", "smtp", "c.test", "")
                        .withDsn(new RecipientDsn(List.of("SUCCESS"), "rfc822;b@c.test")))));
        ActiveRecord first = next(active, r -> r.queueId().equals("QD1"));
        assertEquals(2, first.recipients().size());
        send(Topics.DEFERRED, "QD1", report(first,
                Outcome.sent("a@c.test", "2.0.0", "mx.c.test[127.0.0.1]:25", "250 ok"),
                Outcome.deferred("b@c.test", "4.2.0", "mx.c.test[127.0.0.1]:25", "451 greylisted")));
        ActiveRecord retry = next(active, r -> r.queueId().equals("QD1") && !r.requestId().equals(first.requestId()));
        assertEquals(List.of("b@c.test"), retry.recipients().stream().map(Recipient::address).toList());
        Optional<QueuedMessage> between = queue.find("QD1");
        assertTrue(between.isPresent());
        assertEquals(1, between.get().attempts());
        send(Topics.RESULTS, "QD1", report(retry, Outcome.sent("b@c.test", "2.0.0", "mx.c.test[127.0.0.1]:25", "250 ok")));
        MaildropRecord notice = next(maildrop, m -> m.recipients().equals(List.of("budi@a.test"))
                && new String(blobs.get(m.blobId()).orElseThrow(), StandardCharsets.UTF_8).contains("QD1"));
        String text = new String(blobs.get(notice.blobId()).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(text.contains("Subject: Successful Mail Delivery Report"), text);
        assertTrue(text.contains("Final-Recipient: rfc822; b@c.test"), "NOTIFY=SUCCESS was asked for b");
        assertFalse(text.contains("Final-Recipient: rfc822; a@c.test"), "not for a");
        assertTrue(gone("QD1"));
    }

    @Test
    void mailStillDeferredAfterTheDelayWarningTimeGetsOneDelayNotice() throws Exception {
        blobs.putIdempotent("cln/QW1", "Subject: slow\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
        // delay-warning-time is 1h in the test profile, maximal-queue-lifetime 1d
        send(Topics.INCOMING, "QW1", incoming("QW1", Instant.now().minus(Duration.ofHours(2)), List.of(
                new Recipient("a@slow.test", "a@slow.test", "smtp", "slow.test", ""))));
        ActiveRecord r = next(active, a -> a.queueId().equals("QW1"));
        send(Topics.DEFERRED, "QW1", report(r, Outcome.deferred("a@slow.test", "4.4.2", "mx.slow.test[127.0.0.1]:25",
                "conversation with mx.slow.test[127.0.0.1] timed out while receiving the initial server greeting")));
        MaildropRecord notice = next(maildrop, m -> m.recipients().equals(List.of("budi@a.test"))
                && new String(blobs.get(m.blobId()).orElseThrow(), StandardCharsets.UTF_8).contains("QW1"));
        String text = new String(blobs.get(notice.blobId()).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(text.contains("Subject: Delayed Mail (still being retried)"), text);
        assertTrue(text.contains("Action: delayed"), text);
        assertTrue(text.contains("Will-Retry-Until:"), text);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!queue.find("QW1").orElseThrow().delayWarned() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertTrue(queue.find("QW1").orElseThrow().delayWarned(), "marked: one notice per message, and it stays queued");
        queue.remove("QW1");
    }

    @Test
    void mailThatOutlivesTheQueueLifetimeIsReturnedAndABounceThatBouncesGoesToPostmaster() throws Exception {
        blobs.putIdempotent("cln/QE1", "Subject: old\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
        send(Topics.INCOMING, "QE1", incoming("QE1", Instant.now().minus(Duration.ofDays(2)), List.of(
                new Recipient("a@dead.test", "a@dead.test", "smtp", "dead.test", ""))));
        ActiveRecord r = next(active, a -> a.queueId().equals("QE1"));
        send(Topics.DEFERRED, "QE1", new DeliveryReport(1, r.requestId(), "QE1", "smtp", "dead.test", List.of(
                Outcome.deferred("a@dead.test", "4.4.1", "none", "connect to dead.test[127.0.0.1]:25: Connection refused")),
                true, Instant.now()));
        MaildropRecord notice = next(maildrop, m -> m.recipients().equals(List.of("budi@a.test"))
                && new String(blobs.get(m.blobId()).orElseThrow(), StandardCharsets.UTF_8).contains("QE1"));
        String text = new String(blobs.get(notice.blobId()).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(text.contains("Action: failed"), text);
        assertTrue(text.contains("Status: 4.4.1"), "the last temporary status: " + text);
        assertTrue(text.contains("Connection refused"), text);
        assertTrue(gone("QE1"));

        // a bounce (null sender) that cannot be delivered: a copy to postmaster, from double-bounce
        blobs.putIdempotent("cln/QB1", "Subject: Undelivered Mail\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
        send(Topics.INCOMING, "QB1", new IncomingRecord(1, "QB1", Instant.now(), "", List.of(
                new Recipient("gone@localhost", "gone@localhost", "local", "mx.a.test", "gone")), "cln/QB1", 40, null,
                null, null, false));
        ActiveRecord b = next(active, a -> a.queueId().equals("QB1"));
        send(Topics.RESULTS, "QB1", report(b, Outcome.bounced("gone@localhost", "5.1.1", "local", "unknown user: \"gone\"")));
        MaildropRecord copy = next(maildrop, m -> m.recipients().equals(List.of("postmaster")));
        assertTrue(copy.sender().startsWith("double-bounce@"), copy.sender());
        assertTrue(gone("QB1"));
    }
}
