package io.kurir.rewrite.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.devstack.SharedTestStack;
import io.kurir.mail.payload.ClientInfo;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.MaildropRecord;
import io.kurir.mail.payload.PayloadJson;
import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.RecipientDsn;
import io.kurir.mail.payload.Topics;
import io.kurir.store.BlobStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** cleanup against real Kafka and PostgreSQL: maildrop in, cleaned message and resolved recipients out. */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class MaildropProcessorIT {

    @Inject
    BlobStore blobs;

    @Test
    void cleansResolvesAndSkipsARecordWhoseQueueFileIsGone() throws Exception {
        var client = new ClientInfo("localhost", "127.0.0.1", "localhost", "ESMTP");
        // an unreadable record is logged and skipped; it does not stop the channel
        Map<String, Object> raw = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestStack.get().kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(raw, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.MAILDROP, 0, "GARBAGE", "{\"version\":1,\"queueId\":[")).get(30, TimeUnit.SECONDS);
        }
        // a record whose blob was removed by the gateway after a failed publish: skipped, not fatal
        send(new MaildropRecord(1, "R0", Instant.now(), "afau@localhost", List.of("fauzan@localhost"), client, "raw/R0", 10, false));
        blobs.putNew("raw/R1", "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8));
        var dsn = new RecipientDsn(List.of("SUCCESS"), "rfc822;fauzan@localhost");
        send(new MaildropRecord(1, "R1", Instant.parse("2026-11-28T01:02:03Z"), "afau", List.of("Fauzan+lab@localhost",
                "budi@b.test"), client, "raw/R1", 24, false, "HDRS", "env-1", Map.of("Fauzan+lab@localhost", dsn)));
        IncomingRecord r1 = incoming("R1").get("R1");
        assertEquals("afau@mx.kurir.test", r1.sender(), "unqualified sender gets @myorigin");
        assertEquals(List.of(new Recipient("Fauzan+lab@localhost", "Fauzan+lab@localhost", "local", "mx.kurir.test", "fauzan", dsn),
                new Recipient("budi@b.test", "budi@b.test", "smtp", "b.test", "")), r1.recipients());
        assertEquals("HDRS", r1.dsnRet(), "the DSN parameters travel on");
        assertEquals("env-1", r1.dsnEnvid());
        assertEquals("<20261128010203.R1@mx.kurir.test>", r1.messageId());
        String cleaned = new String(blobs.get(r1.blobId()).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(cleaned.startsWith("Received: from localhost (localhost [127.0.0.1])\r\n\tby mx.kurir.test (Kurir) with ESMTP id R1;\r\n\t"),
                cleaned);
        assertTrue(cleaned.endsWith("Subject: hi\r\nMessage-Id: <20261128010203.R1@mx.kurir.test>\r\nDate: " + cleaned.split("Date: ")[1]
                .split("\r\n")[0] + "\r\nFrom: afau@mx.kurir.test\r\nTo: undisclosed-recipients:;\r\n\r\nhello\r\n"), cleaned);
        // a third record proves the consumer went on after the skipped one
        blobs.putNew("raw/R2", "To: x@y\r\n\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
        send(new MaildropRecord(1, "R2", Instant.now(), "", List.of("fauzan@localhost"), client, "raw/R2", 12, false));
        assertTrue(incoming("R2").containsKey("R2"), "the consumer went on after the skipped record");
        assertTrue(committedOffset() >= 4, "all four records were processed and committed");
        assertTrue(!incoming("R2").containsKey("R0"), "no incoming record for a message whose queue file is gone");
    }

    @Test
    void aMessageThatHasGoneRoundTooManyHopsBouncesInsteadOfLooping() throws Exception {
        var client = new ClientInfo("relay.test", "192.0.2.7", "relay.test", "ESMTP");
        for (int received : new int[] {48, 49}) { // hopcount-limit 50, cleanup's own Received counted
            String qid = "HOP" + received;
            blobs.putNew("raw/" + qid, ("Received: from x by y; Sat, 28 Nov 2026 10:00:00 +0000\r\n".repeat(received)
                    + "Subject: loop\r\n\r\nround and round\r\n").getBytes(StandardCharsets.UTF_8));
            send(new MaildropRecord(1, qid, Instant.now(), "budi@b.test", List.of("fauzan@localhost"), client,
                    "raw/" + qid, 100, false));
        }
        Map<String, IncomingRecord> seen = incoming("HOP49");
        assertEquals(List.of(new Recipient("fauzan@localhost", "fauzan@localhost", "local", "mx.kurir.test", "fauzan")),
                incoming("HOP48").get("HOP48").recipients(), "49 hops with ours: delivered");
        assertEquals(List.of(new Recipient("fauzan@localhost", "fauzan@localhost", "error", "5.4.6 Too many hops", "")),
                seen.get("HOP49").recipients(), "50 hops: returned to the sender by the error transport");
    }

    /** The rewrite-service group's committed offset on partition 0, once it reaches 4 or 30 s passed. */
    private static long committedOffset() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestStack.get().kafka().bootstrapServers()))) {
            var tp = new org.apache.kafka.common.TopicPartition(Topics.MAILDROP, 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long offset = -1;
            while (offset < 4 && System.nanoTime() < deadline) {
                var committed = admin.listConsumerGroupOffsets("rewrite-service").partitionsToOffsetAndMetadata().get().get(tp);
                offset = committed == null ? -1 : committed.offset();
                if (offset < 4) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
            return offset;
        }
    }

    private static void send(MaildropRecord rec) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestStack.get().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new PayloadJson.JsonSerializer())) {
            // all on partition 0, so that the committed offset tells when all were processed
            producer.send(new ProducerRecord<>(Topics.MAILDROP, 0, rec.queueId(), rec)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads mail.incoming from the start until it holds the record of {@code queueId} or 30 s passed. */
    private static Map<String, IncomingRecord> incoming(String queueId) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestStack.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, IncomingRecord> seen = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new PayloadJson.IncomingDeserializer())) {
            consumer.subscribe(List.of(Topics.INCOMING));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.containsKey(queueId) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> seen.put(r.key(), r.value()));
            }
        }
        return seen;
    }
}
