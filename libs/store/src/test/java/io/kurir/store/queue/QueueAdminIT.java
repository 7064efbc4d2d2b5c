package io.kurir.store.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.SharedTestStack;
import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.Recipient;
import io.kurir.store.Migrations;
import io.kurir.store.PgBlobStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** postsuper, postqueue -f/-s and qshape on the queue tables, against a real PostgreSQL (devstack). */
class QueueAdminIT {

    static DataSource ds;
    static QueueStore queue;
    static PgBlobStore blobs;
    static QueueAdmin admin;
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000),
            Duration.ofDays(5), Duration.ofDays(5));
    static final ClaimLimits LIMITS = new ClaimLimits(100, 20000, 50, 2, t -> 20);

    @BeforeAll
    static void migrate() {
        ds = SharedTestStack.get().postgres().dataSource();
        Migrations.migrate(ds);
        queue = new QueueStore(ds);
        blobs = new PgBlobStore(ds);
        admin = new QueueAdmin(ds, blobs);
    }

    @BeforeEach
    void emptyQueue() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from queue_messages");
            s.executeUpdate("delete from queue_destinations");
            s.executeUpdate("delete from blobs where id like 'qa/%'");
        }
    }

    /** A message that arrived at {@code arrival}, with its queue file in the blob store. */
    static void enqueue(String qid, Instant arrival, String... recipients) {
        List<Recipient> rcpts = new ArrayList<>();
        for (String r : recipients) {
            rcpts.add(new Recipient(r, r, "smtp", r.substring(r.indexOf('@') + 1), ""));
        }
        blobs.putIdempotent("qa/" + qid, ("Subject: " + qid + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(queue.enqueue(new IncomingRecord(1, qid, arrival, "budi@a.test", rcpts, "qa/" + qid, 100,
                "<" + qid + "@a.test>", null, null, false)), "enqueued " + qid);
    }

    /** Hands out whatever is due at T0 and defers all of it; {@code failing} destinations are suspended. */
    static void deferAllDue(String... failing) {
        for (ActiveRecord r : queue.claimDue(T0, LIMITS)) {
            boolean destinationFailed = List.of(failing).contains(r.nexthop());
            List<Outcome> outcomes = r.recipients().stream().map(rc -> Outcome.deferred(rc.address(), "4.4.1", "none",
                    "connect to " + r.nexthop() + "[192.0.2.1]:25: Connection timed out")).toList();
            queue.applyReport(new DeliveryReport(1, r.requestId(), r.queueId(), r.transport(), r.nexthop(), outcomes,
                    destinationFailed, T0), T0, BACKOFF, 20, 1, Duration.ofHours(1));
        }
    }

    static String state(String qid) {
        return queue.find(qid).map(QueuedMessage::state).orElse("gone");
    }

    static Optional<Instant> deadUntil(String destination) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select dead_until from queue_destinations where destination = ?")) {
            ps.setString(1, destination);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "destination " + destination + " is known");
                return Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant);
            }
        }
    }

    @Test
    void deleteRemovesTheMessageItsRequestsAndItsQueueFileAndALateReportIsIgnored() {
        enqueue("D1", T0, "anto@b.test");
        enqueue("D2", T0, "cici@c.test");
        List<ActiveRecord> inFlight = queue.claimDue(T0, LIMITS);
        assertEquals(2, inFlight.size());

        assertEquals(1, admin.delete(List.of("D1", "NO-SUCH-ID")), "only the queued id counts");
        assertEquals("gone", state("D1"));
        assertTrue(blobs.get("qa/D1").isEmpty(), "the queue file of D1 is removed");
        assertTrue(blobs.get("qa/D2").isPresent(), "the other message's queue file stays");
        ActiveRecord d1 = inFlight.stream().filter(r -> r.queueId().equals("D1")).findFirst().orElseThrow();
        assertEquals(QueueStore.ReportEffect.IGNORED, queue.applyReport(new DeliveryReport(1, d1.requestId(), "D1",
                d1.transport(), d1.nexthop(), List.of(Outcome.sent("anto@b.test", "2.0.0", "mx", "250 ok")), false, T0),
                T0, BACKOFF, 20, 1, Duration.ofHours(1)), "the report of a deleted message's request changes nothing");
        assertEquals(0, admin.delete(List.of("D1")), "deleting again finds nothing");
    }

    @Test
    void deleteAllTakesOneQueueOrEverything() {
        enqueue("A1", T0, "anto@b.test");
        deferAllDue();
        enqueue("A2", T0, "cici@c.test");
        enqueue("A3", T0, "dodi@c.test");
        admin.hold(QueueSelection.ids(List.of("A3")));

        assertEquals(1, admin.deleteAll(Optional.of(QueueName.DEFERRED)), "postsuper -d ALL deferred");
        assertEquals(List.of("gone", "active", "hold"), List.of(state("A1"), state("A2"), state("A3")));
        assertEquals(1, admin.deleteAll(Optional.of(QueueName.HOLD)), "postsuper -d ALL hold");
        assertEquals(1, admin.deleteAll(Optional.empty()), "postsuper -d ALL");
        assertEquals(List.of(), queue.list());
        assertTrue(blobs.get("qa/A2").isEmpty() && blobs.get("qa/A1").isEmpty(), "their queue files are removed");
    }

    @Test
    void heldMailIsNotScheduledUntilReleasedToWhereItWas() {
        enqueue("H1", T0, "anto@b.test");
        deferAllDue();
        enqueue("H2", T0, "cici@c.test");
        assertEquals(2, admin.hold(QueueSelection.all()), "postsuper -h ALL");
        assertEquals(List.of("hold", "hold"), List.of(state("H1"), state("H2")));
        assertEquals(0, admin.hold(QueueSelection.all()), "held mail is not held twice");
        assertEquals(List.of(), queue.claimDue(T0.plus(Duration.ofDays(1)), LIMITS), "held mail is never scheduled");

        Instant later = T0.plusSeconds(60);
        assertEquals(1, admin.release(QueueSelection.ids(List.of("H1")), later), "postsuper -H H1");
        QueuedMessage h1 = queue.find("H1").orElseThrow();
        assertEquals(QueuedMessage.DEFERRED, h1.state(), "back to the queue it was held from");
        assertEquals(later, h1.nextAttempt(), "and due at once");
        assertEquals(1, admin.release(QueueSelection.all(), later), "postsuper -H ALL releases the rest");
        assertEquals(QueuedMessage.ACTIVE, state("H2"));
        assertEquals(0, admin.release(QueueSelection.all(), later), "nothing is held any more");
        assertEquals(2, queue.claimDue(later, LIMITS).size(), "both are handed out again");
    }

    @Test
    void requeueMakesDeferredAndHeldMailActiveAndDueNow() {
        enqueue("R1", T0, "anto@b.test");
        enqueue("R2", T0, "cici@c.test");
        deferAllDue();
        admin.hold(QueueSelection.ids(List.of("R2")));
        Instant now = T0.plusSeconds(10);
        assertEquals(List.of(), queue.claimDue(now, LIMITS), "R1 waits for its backoff, R2 is held");

        assertEquals(2, admin.requeue(QueueSelection.all(), now), "postsuper -r ALL");
        assertEquals(List.of("active", "active"), List.of(state("R1"), state("R2")));
        assertEquals(2, queue.claimDue(now, LIMITS).size(), "both are due now");
        assertEquals(0, admin.requeue(QueueSelection.ids(List.of("NOPE")), now));
    }

    @Test
    void flushOfASiteMakesItsDeferredMailDueAndResurrectsItsDestination() throws Exception {
        enqueue("F1", T0, "anto@b.test");
        enqueue("F2", T0, "cici@mx.d.test");
        enqueue("F3", T0, "dodi@notd.test");
        deferAllDue("b.test", "mx.d.test", "notd.test");
        Instant now = T0.plusSeconds(10);
        assertTrue(deadUntil("smtp:mx.d.test").isPresent(), "the failure suspended mx.d.test");

        assertEquals(new QueueAdmin.Flushed(1, 1), admin.flush(Optional.of("D.test"), now),
                "postqueue -s d.test: the subdomain mx.d.test, not notd.test");
        assertEquals(now, queue.find("F2").orElseThrow().nextAttempt());
        assertEquals(T0.plusSeconds(300), queue.find("F3").orElseThrow().nextAttempt(), "notd.test is another domain");
        assertEquals(Optional.empty(), deadUntil("smtp:mx.d.test"), "a flush resurrects the dead destination");
        assertTrue(deadUntil("smtp:notd.test").isPresent());
        assertEquals(List.of("F2"), queue.claimDue(now, LIMITS).stream().map(ActiveRecord::queueId).toList());

        assertEquals(new QueueAdmin.Flushed(2, 2), admin.flush(Optional.empty(), now), "postqueue -f: F1 and F3");
        assertEquals(2, queue.claimDue(now, LIMITS).size());
        assertEquals(new QueueAdmin.Flushed(0, 0), admin.flush(Optional.of("nowhere.test"), now));
    }

    @Test
    void shapeCountsWaitingRecipientsPerDestinationByAge() {
        Instant now = T0.plus(Duration.ofDays(2));
        enqueue("S1", now.minusSeconds(60), "a@b.test", "b@b.test", "c@c.test");  // 1 min: bucket 5
        enqueue("S2", now.minusSeconds(5 * 60), "d@b.test");                      // exactly 5 min: bucket 10
        enqueue("S3", now.minus(Duration.ofMinutes(700)), "e@c.test");            // bucket 1280
        enqueue("S4", now.minus(Duration.ofDays(1)), "f@b.test");                 // 1280+
        enqueue("S5", now.minusSeconds(30), "g@held.test");
        admin.hold(QueueSelection.ids(List.of("S5")));

        QueueShape shape = admin.shape(now, Optional.empty());
        assertEquals(List.of(5, 10, 20, 40, 80, 160, 320, 640, 1280), shape.bucketMinutes());
        assertEquals(new QueueShape.Row("TOTAL", 6, List.of(3, 1, 0, 0, 0, 0, 0, 0, 1, 1)), shape.total(),
                "held mail is not counted by default");
        assertEquals(List.of(new QueueShape.Row("b.test", 4, List.of(2, 1, 0, 0, 0, 0, 0, 0, 0, 1)),
                new QueueShape.Row("c.test", 2, List.of(1, 0, 0, 0, 0, 0, 0, 0, 1, 0))), shape.rows(),
                "one row per destination, most recipients first");

        QueueShape held = admin.shape(now, Optional.of(QueueName.HOLD));
        assertEquals(List.of(new QueueShape.Row("held.test", 1, List.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 0))), held.rows());
        assertEquals(0, admin.shape(now, Optional.of(QueueName.DEFERRED)).total().total(), "nothing is deferred");
        assertEquals(6, admin.shape(now, Optional.of(QueueName.INCOMING)).total().total(), "all new, never tried");
    }
}
