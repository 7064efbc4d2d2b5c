package io.kurir.rewrite.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.devstack.SharedTestStack;
import io.kurir.mail.payload.ClientInfo;
import io.kurir.mail.payload.CorruptRecord;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.MaildropRecord;
import io.kurir.mail.payload.PayloadJson;
import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.RecipientDsn;
import io.kurir.mail.payload.Topics;
import io.kurir.store.BlobStore;
import io.kurir.store.checks.ChecksStore;
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

    @Inject
    ChecksStore checks;

    @Test
    void cleansResolvesAndSkipsARecordWhoseQueueFileIsGone() throws Exception {
        var client = new ClientInfo("localhost", "127.0.0.1", "localhost", "ESMTP");
        // an unreadable record goes to the corrupt queue with its text; it does not stop the channel
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
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (blobs.get("raw/R1").isPresent() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertTrue(blobs.get("raw/R1").isEmpty(), "the raw queue file is removed once the cleaned one is queued");
        // a third record proves the consumer went on after the skipped one
        blobs.putNew("raw/R2", "To: x@y\r\n\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
        send(new MaildropRecord(1, "R2", Instant.now(), "", List.of("fauzan@localhost"), client, "raw/R2", 12, false));
        assertTrue(incoming("R2").containsKey("R2"), "the consumer went on after the skipped record");
        assertTrue(committedOffset() >= 4, "all four records were processed and committed");
        assertTrue(!incoming("R2").containsKey("R0"), "no incoming record for a message whose queue file is gone");
        CorruptRecord garbage = corrupt("GARBAGE").get("GARBAGE");
        assertTrue(garbage.reason().startsWith("unreadable maildrop record: malformed MaildropRecord"), garbage.reason());
        assertEquals("{\"version\":1,\"queueId\":[", garbage.record(), "the record as it was, for the administrator");
        assertEquals(null, garbage.blobId());
    }

    @Test
    void headerAndBodyChecksHoldDiscardRedirectAndEditAfterTheQueue() throws Exception {
        checks.replace(ChecksStore.Kind.HEADER, "/etc/postfix/header_checks", """
                # as an administrator writes them for Postfix
                /^Subject:.*lottery/        HOLD lottery spam for review
                /^Subject:.*unsubscribe/    DISCARD
                /^Subject:.*forward me/     REDIRECT abuse@localhost
                /^X-Mailer: (.*)/           REPLACE X-Mailer: [checked] $1
                /^Subject:/                 PREPEND X-Checked: yes
                """);
        checks.replace(ChecksStore.Kind.BODY, "/etc/postfix/body_checks", "/^tracking pixel/ IGNORE\n");
        try {
            var client = new ClientInfo("relay.test", "192.0.2.7", "relay.test", "ESMTP");
            String[][] cases = {{"CH1", "Subject: you won the lottery"}, {"CH2", "Subject: click to unsubscribe"},
                {"CH3", "Subject: forward me"}, {"CH4", "Subject: plain"}};
            for (String[] c : cases) {
                blobs.putNew("raw/" + c[0], (c[1] + "\r\nX-Mailer: Pine 4\r\n\r\nhello\r\ntracking pixel here\r\nbye\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                send(new MaildropRecord(1, c[0], Instant.now(), "budi@b.test", List.of("fauzan@localhost"), client,
                        "raw/" + c[0], 60, false));
            }
            Map<String, IncomingRecord> in = incoming("CH4");
            IncomingRecord plain = in.get("CH4");
            String cleaned = new String(blobs.get(plain.blobId()).orElseThrow(), StandardCharsets.UTF_8);
            assertTrue(cleaned.contains("\r\nX-Checked: yes\r\nSubject: plain\r\nX-Mailer: [checked] Pine 4\r\n\r\nhello\r\nbye\r\n"),
                    "PREPEND, REPLACE and IGNORE applied: " + cleaned);
            assertEquals(List.of(new Recipient("abuse@localhost", "abuse@localhost", "local", "mx.kurir.test", "abuse")),
                    in.get("CH3").recipients(), "REDIRECT: to that address instead of the recipients");
            assertTrue(!in.containsKey("CH1"), "a held message does not go to mail.incoming");
            assertTrue(!in.containsKey("CH2"), "a discarded message goes nowhere");
            IncomingRecord held = hold("CH1").get("CH1");
            assertEquals(List.of(new Recipient("fauzan@localhost", "fauzan@localhost", "local", "mx.kurir.test", "fauzan")),
                    held.recipients(), "held with its recipients resolved, ready to be released");
            assertTrue(blobs.get(held.blobId()).isPresent(), "its cleaned queue file is stored");
        } finally {
            checks.clear(ChecksStore.Kind.HEADER);
            checks.clear(ChecksStore.Kind.BODY);
        }
    }

    @Test
    void messagesCleanupCannotProcessGoToTheCorruptQueueAndTheStreamGoesOn() throws Exception {
        var client = new ClientInfo("relay.test", "192.0.2.7", "relay.test", "ESMTP");
        blobs.putNew("raw/BIGHDR", ("Subject: huge\r\nX-Big: " + "a".repeat(110_000) + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.UTF_8));
        send(new MaildropRecord(1, "BIGHDR", Instant.now(), "budi@b.test", List.of("fauzan@localhost"), client,
                "raw/BIGHDR", 110_030, false));
        blobs.putNew("raw/BADRCPT", "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8));
        send(new MaildropRecord(1, "BADRCPT", Instant.now(), "budi@b.test", List.of("<<not an address"), client,
                "raw/BADRCPT", 20, false));
        blobs.putNew("raw/BADSENDER", "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8));
        send(new MaildropRecord(1, "BADSENDER", Instant.now(), "a@b@c", List.of("fauzan@localhost"), client,
                "raw/BADSENDER", 20, false));
        blobs.putNew("raw/AFTER", "Subject: after\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8));
        send(new MaildropRecord(1, "AFTER", Instant.now(), "budi@b.test", List.of("fauzan@localhost"), client,
                "raw/AFTER", 20, false));
        assertTrue(incoming("AFTER").containsKey("AFTER"), "the pipeline keeps flowing");
        Map<String, CorruptRecord> corrupt = corrupt("BADRCPT");
        assertEquals("header X-Big of 110009 octets exceeds header-size-limit 102400", corrupt.get("BIGHDR").reason());
        assertEquals("raw/BIGHDR", corrupt.get("BIGHDR").blobId(), "the raw queue file is named, and kept");
        assertTrue(blobs.get("raw/BIGHDR").isPresent());
        assertTrue(corrupt.get("BADRCPT").reason().contains("not an address"), corrupt.get("BADRCPT").reason());
        assertTrue(corrupt.get("BADRCPT").record().contains("\"queueId\":\"BADRCPT\""), "the maildrop record is kept");
        assertEquals("unparseable sender a@b@c", corrupt("BADSENDER").get("BADSENDER").reason());
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

    private static Map<String, IncomingRecord> incoming(String queueId) {
        return read(Topics.INCOMING, new PayloadJson.IncomingDeserializer(), queueId);
    }

    private static Map<String, IncomingRecord> hold(String queueId) {
        return read(Topics.HOLD, new PayloadJson.IncomingDeserializer(), queueId);
    }

    private static Map<String, CorruptRecord> corrupt(String queueId) {
        return read(Topics.CORRUPT, new PayloadJson.CorruptDeserializer(), queueId);
    }

    /** Reads a topic from the start until it holds the record of {@code queueId} or 30 s passed. */
    private static <T> Map<String, T> read(String topic, org.apache.kafka.common.serialization.Deserializer<T> values,
            String queueId) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestStack.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, T> seen = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.containsKey(queueId) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> seen.put(r.key(), r.value()));
            }
        }
        return seen;
    }
}
