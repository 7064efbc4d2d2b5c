package io.kurir.delivery.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.devstack.SharedTestStack;
import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.PayloadJson;
import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.Topics;
import io.kurir.store.AccountStore;
import io.kurir.store.MailStore;
import io.kurir.store.MailboxStore;
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
import java.util.function.BooleanSupplier;
import io.kurir.mail.payload.DeliveryReport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** local(8) against real Kafka and PostgreSQL: delivery, redelivery without a second copy, health. */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class ActiveConsumerIT {

    @Inject
    MailStore store;
    @Inject
    javax.sql.DataSource dataSource;
    AccountStore accounts;

    @org.junit.jupiter.api.BeforeEach
    void accountStore() {
        accounts = new AccountStore(dataSource);
    }

    @Test
    void deliversWithLocalHeadersAndARedeliveredRecordMakesNoSecondCopy() throws Exception {
        accounts.create("fauzan", "pw".toCharArray());
        store.blobs().putIdempotent("cln/D1", "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8));
        var rcpt = new Recipient("fauzan@localhost", "fauzan@localhost", "local", "mx", "fauzan");
        var rec = new ActiveRecord(1, "D1", Instant.now(), "afau@localhost", "local", "mx", List.of(rcpt), "cln/D1", 24);
        send(rec);
        assertTrue(poll(() -> store.messages("fauzan", "INBOX").size() == 1), "delivered");
        send(rec); // the same record again, as after a crash before the offset commit
        send(new ActiveRecord(1, "D2", Instant.now(), "afau@localhost", "local", "mx", List.of(rcpt), "cln/D1", 24));
        assertTrue(poll(() -> store.messages("fauzan", "INBOX").stream()
                .anyMatch(m -> m.blobId().equals("dlv/D2/fauzan@localhost"))), "the next message (D2) arrives");
        var inbox = store.messages("fauzan", "INBOX");
        assertEquals(2, inbox.size(), "the redelivered D1 made no second copy");
        assertEquals(List.of(1L, 2L), inbox.stream().map(m -> m.uid()).toList());
        String first = new String(store.blobs().get(inbox.get(0).blobId()).orElseThrow(), StandardCharsets.UTF_8);
        assertEquals("Return-Path: <afau@localhost>\r\nX-Original-To: fauzan@localhost\r\nDelivered-To: fauzan@localhost\r\n"
                + "Subject: hi\r\n\r\nhello\r\n", first);
    }

    @Test
    void aDeliveredMessageHasItsHeaderFacts() throws Exception {
        accounts.create("fakta", "pw".toCharArray());
        store.blobs().putIdempotent("cln/F1", ("From: Budi <budi@a.test>\r\nSubject: =?UTF-8?Q?=C3=9Cber?= tugas\r\n"
                + "Date: Mon, 15 Jan 2024 10:00:00 +0700\r\nMessage-ID: <f1@x>\r\nReferences: <f0@x>\r\n\r\nisi\r\n")
                .getBytes(StandardCharsets.UTF_8));
        var rcpt = new Recipient("fakta@localhost", "fakta@localhost", "local", "mx", "fakta");
        send(new ActiveRecord(1, "F1", Instant.now(), "budi@localhost", "local", "mx", List.of(rcpt), "cln/F1", 24));
        var mailboxes = new MailboxStore(dataSource, store.blobs());
        String blob = "dlv/F1/fakta@localhost";
        assertTrue(poll(() -> mailboxes.facts(List.of(blob)).containsKey(blob)), "the delivery stored the message's facts");
        assertEquals(new MailboxStore.Facts(1, Optional.of(Instant.parse("2024-01-15T03:00:00Z")),
                Optional.of("Mon, 15 Jan 2024 10:00:00 +0700"), Optional.of("=?UTF-8?Q?=C3=9Cber?= tugas"),
                Optional.of("Budi <budi@a.test>"), Optional.empty(), Optional.empty(), Optional.of("<f1@x>"),
                Optional.of("<f0@x>"), Optional.empty()), mailboxes.facts(List.of(blob)).get(blob));
    }

    @Test
    void everyRecipientsOutcomeIsReportedToTheQueue() throws Exception {
        accounts.create("cici", "pw".toCharArray());
        accounts.create("dodi", "pw".toCharArray());
        accounts.setQuota("dodi", java.util.OptionalLong.of(10));
        accounts.create("loopy", "pw".toCharArray());
        // it was delivered to loopy before, and came back (forwarded out and in again)
        store.blobs().putIdempotent("cln/R1", "Delivered-To: Loopy@localhost\r\nSubject: report\r\n\r\nhello\r\n"
                .getBytes(StandardCharsets.UTF_8));
        var rec = new ActiveRecord(1, "R1", Instant.now(), "afau@localhost", "local", "mx", List.of(
                new Recipient("cici@localhost", "cici@localhost", "local", "mx", "cici"),
                new Recipient("nobody@localhost", "nobody@localhost", "local", "mx", "nobody"),
                new Recipient("dodi@localhost", "dodi@localhost", "local", "mx", "dodi"),
                new Recipient("loopy@localhost", "loopy@localhost", "local", "mx", "loopy")),
                "cln/R1", 30, null, null, "REQ-R1", false);
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedTestStack.get().kafka().bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "report-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new PayloadJson.ReportDeserializer())) {
            consumer.subscribe(List.of(Topics.RESULTS, Topics.DEFERRED));
            send(rec);
            DeliveryReport report = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (report == null && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && r.value().requestId().equals("REQ-R1")) {
                        assertEquals(Topics.RESULTS, r.topic(), "no recipient is to be retried");
                        assertEquals("R1", r.key());
                        report = r.value();
                    }
                }
            }
            assertTrue(report != null, "a report arrived");
            assertEquals(List.of("sent 2.0.0", "bounced 5.1.1", "bounced 5.2.2", "bounced 5.4.6"), report.outcomes().stream()
                    .map(o -> o.status() + " " + o.dsnStatus()).toList());
            assertEquals("unknown user: \"nobody\"", report.outcomes().get(1).diagnostic());
            assertTrue(report.outcomes().get(2).diagnostic().contains("Mailbox full"), report.outcomes().get(2).diagnostic());
            assertEquals(1, store.messages("cici", "INBOX").size());
            assertEquals(0, store.messages("dodi", "INBOX").size(), "over quota: nothing stored");
            assertEquals("mail forwarding loop for loopy@localhost", report.outcomes().get(3).diagnostic());
            assertEquals(0, store.messages("loopy", "INBOX").size(), "a loop: nothing stored");
        }
    }

    @Test
    void anExtensionNamingAnExistingFolderDeliversThere() throws Exception {
        accounts.create("eko", "pw".toCharArray()); // gets Sent, Drafts, Trash, Junk, Archive
        store.blobs().putIdempotent("cln/X1", "Subject: ext\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
        send(new ActiveRecord(1, "X1", Instant.now(), "afau@localhost", "local", "mx", List.of(
                new Recipient("eko+Archive@localhost", "eko+Archive@localhost", "local", "mx", "eko")), "cln/X1", 20));
        send(new ActiveRecord(1, "X2", Instant.now(), "afau@localhost", "local", "mx", List.of(
                new Recipient("eko+praktikum@localhost", "eko+praktikum@localhost", "local", "mx", "eko")), "cln/X1", 20));
        assertTrue(poll(() -> store.messages("eko", "Archive").size() == 1), "eko+Archive went to the Archive folder");
        assertTrue(poll(() -> store.messages("eko", "INBOX").size() == 1), "eko+praktikum (no such folder) went to INBOX");
    }

    @Test
    void aCorruptRecordIsSkippedAndTheNextOneStillDelivered() throws Exception {
        accounts.create("anto", "pw".toCharArray());
        store.blobs().putIdempotent("cln/P1", "Subject: after garbage\r\n\r\nok\r\n".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestStack.get().kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (String garbage : new String[] {"{not json", "{\"version\":99}", "", "\u0000\u0001binary"}) {
                producer.send(new ProducerRecord<>(Topics.ACTIVE, 0, "local:mx", garbage.getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        var rcpt = new Recipient("anto@localhost", "anto@localhost", "local", "mx", "anto");
        Map<String, Object> p2 = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestStack.get().kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(p2, new StringSerializer(), new PayloadJson.JsonSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ACTIVE, 0, "local:mx",
                    new ActiveRecord(1, "P1", Instant.now(), "afau@localhost", "local", "mx", List.of(rcpt), "cln/P1", 30)))
                    .get(30, TimeUnit.SECONDS);
        }
        assertTrue(poll(() -> store.messages("anto", "INBOX").size() == 1),
                "the record after four corrupt ones on the same partition is delivered");
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void healthChecksKafkaAndPostgresAndMetricsAreExposed() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check",
                        "SmallRye Reactive Messaging - readiness check"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("kafka_consumer"));
    }

    private static void send(ActiveRecord rec) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestStack.get().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new PayloadJson.JsonSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ACTIVE, "local:mx", rec)).get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean poll(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
