package io.kurir.store.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.SharedTestStack;
import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.RecipientDsn;
import io.kurir.store.Migrations;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue's schedule against a real PostgreSQL (devstack). */
class QueueStoreIT {

    static DataSource ds;
    static QueueStore queue;
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000),
            Duration.ofDays(5), Duration.ofDays(5));
    static final ClaimLimits LIMITS = new ClaimLimits(100, 20000, 50, 2, t -> t.equals("local") ? 2 : 20);

    @BeforeAll
    static void migrate() {
        ds = SharedTestStack.get().postgres().dataSource();
        Migrations.migrate(ds);
        queue = new QueueStore(ds);
    }

    @BeforeEach
    void emptyQueue() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from queue_messages");
            s.executeUpdate("delete from queue_destinations");
        }
    }

    static IncomingRecord message(String qid, String... recipients) {
        List<Recipient> rcpts = new ArrayList<>();
        for (String r : recipients) {
            String domain = r.substring(r.indexOf('@') + 1);
            rcpts.add(domain.equals("localhost") ? new Recipient(r, r, "local", "vm", r.substring(0, r.indexOf('@')))
                    : new Recipient(r, r, "smtp", domain, ""));
        }
        return new IncomingRecord(1, qid, T0, "budi@a.test", rcpts, "cln/" + qid, 100, "<" + qid + "@a.test>", "HDRS",
                "ENV" + qid, false);
    }

    static DeliveryReport report(ActiveRecord r, boolean destinationFailed, Outcome... outcomes) {
        return new DeliveryReport(1, r.requestId(), r.queueId(), r.transport(), r.nexthop(), List.of(outcomes),
                destinationFailed, T0);
    }

    QueueStore.ReportEffect apply(DeliveryReport report, Instant now) {
        return queue.applyReport(report, now, BACKOFF, 20, 1, Duration.ofSeconds(300));
    }

    @Test
    void aRedeliveredIncomingRecordIsQueuedOnce() {
        assertTrue(queue.enqueue(message("Q1", "anto@b.test")));
        assertFalse(queue.enqueue(message("Q1", "anto@b.test")), "the same queue id again changes nothing");
        QueuedMessage m = queue.find("Q1").orElseThrow();
        assertEquals(List.of("anto@b.test"), m.recipients().stream().map(QueuedRecipient::address).toList());
        assertEquals(QueuedMessage.ACTIVE, m.state());
        assertEquals("HDRS", m.dsnRet());
    }

    @Test
    void requestsAreSplitPerDestinationAndKeepDsnParameters() {
        var in = message("Q2", "anto@b.test", "fauzan@localhost", "cici@b.test", "dodi@c.test");
        var withDsn = new IncomingRecord(1, in.queueId(), in.arrivalTime(), in.sender(), List.of(
                in.recipients().get(0).withDsn(new RecipientDsn(List.of("SUCCESS"), "rfc822;anto@b.test")),
                in.recipients().get(1), in.recipients().get(2), in.recipients().get(3)), in.blobId(), in.size(),
                in.messageId(), in.dsnRet(), in.dsnEnvid(), true);
        queue.enqueue(withDsn);
        List<ActiveRecord> out = queue.claimDue(T0, LIMITS);
        assertEquals(3, out.size(), "one request per destination: " + out);
        ActiveRecord b = out.stream().filter(r -> r.nexthop().equals("b.test")).findFirst().orElseThrow();
        assertEquals(List.of("anto@b.test", "cici@b.test"), b.recipients().stream().map(Recipient::address).toList());
        assertEquals(List.of("SUCCESS"), b.recipients().get(0).dsn().notifyOn());
        assertEquals("rfc822;anto@b.test", b.recipients().get(0).dsn().orcpt());
        assertTrue(b.smtputf8());
        assertEquals("ENVQ2", b.dsnEnvid());
        assertEquals(List.of(), queue.claimDue(T0, LIMITS), "nothing is handed out twice");
    }

    @Test
    void aDestinationGetsNoMoreThanItsWindowAndSuccessOpensIt() {
        for (int i = 0; i < 5; i++) {
            queue.enqueue(message("W" + i, "u" + i + "@b.test"));
        }
        List<ActiveRecord> first = queue.claimDue(T0, LIMITS);
        assertEquals(2, first.size(), "initial-destination-concurrency is 2 here");
        assertEquals(QueueStore.ReportEffect.MESSAGE_DONE,
                apply(report(first.get(0), false, Outcome.sent(first.get(0).recipients().get(0).address(), "2.0.0",
                        "mx.b.test[127.0.0.1]:25", "250 ok")), T0));
        List<ActiveRecord> second = queue.claimDue(T0, LIMITS);
        assertEquals(2, second.size(), "the success opened the window to 3, one request is still in flight");
        assertEquals(QueueStore.ReportEffect.IGNORED, apply(report(first.get(0), false,
                Outcome.sent(first.get(0).recipients().get(0).address(), "2.0.0", "x", "250")), T0),
                "a repeated report changes nothing");
    }

    @Test
    void localConcurrencyIsPerRecipientNotPerDomain() {
        for (int i = 0; i < 3; i++) {
            queue.enqueue(message("LA" + i, "anto@localhost"));
            queue.enqueue(message("LB" + i, "budi@localhost"));
        }
        List<ActiveRecord> out = queue.claimDue(T0, LIMITS); // local-destination-concurrency-limit 2
        assertEquals(2, out.stream().filter(r -> r.recipients().get(0).mailbox().equals("anto")).count(),
                "two at a time for anto");
        assertEquals(2, out.stream().filter(r -> r.recipients().get(0).mailbox().equals("budi")).count(),
                "and two for budi besides: Postfix's local destination is the recipient");
    }

    @Test
    void aLongBacklogForOneUserGoesOutInArrivalOrderAndOthersPassIt() {
        for (int i = 0; i < 300; i++) {
            queue.enqueue(message(String.format("FL%03d", i), "anto@localhost"));
        }
        queue.enqueue(message("OTHER", "budi@localhost"));
        List<ActiveRecord> out = queue.claimDue(T0, LIMITS);
        assertEquals(List.of("FL000", "FL001", "OTHER"), out.stream().map(ActiveRecord::queueId).sorted().toList(),
                "anto's window of two is full; budi's mail does not wait behind his 298 others");
        for (int i = 0; i < 3; i++) {
            ActiveRecord done = out.stream().filter(r -> r.queueId().startsWith("FL")).findFirst().orElseThrow();
            apply(report(done, false, Outcome.sent("anto@localhost", "2.0.0", "local", "delivered to mailbox")), T0);
            out = new ArrayList<>(out);
            out.remove(done);
            List<ActiveRecord> next = queue.claimDue(T0, LIMITS);
            assertEquals(List.of(String.format("FL%03d", i + 2)), next.stream().map(ActiveRecord::queueId).toList(),
                    "each report frees one place, taken by the oldest waiting message");
            out.addAll(next);
        }
    }

    @Test
    void aDeferredRecipientWaitsForItsBackoffAndOthersAreNotRepeated() {
        queue.enqueue(message("D1", "anto@b.test", "cici@b.test"));
        ActiveRecord r = queue.claimDue(T0, LIMITS).get(0);
        assertEquals(QueueStore.ReportEffect.RECORDED, apply(report(r, false,
                Outcome.sent("anto@b.test", "2.0.0", "mx.b.test[127.0.0.1]:25", "250 ok"),
                Outcome.deferred("cici@b.test", "4.2.2", "mx.b.test[127.0.0.1]:25", "452 mailbox full")), T0));
        QueuedMessage m = queue.find("D1").orElseThrow();
        assertEquals(QueuedMessage.DEFERRED, m.state());
        assertEquals(1, m.attempts());
        assertEquals(T0.plusSeconds(300), m.nextAttempt(), "minimal-backoff-time for a new message");
        assertEquals("452 mailbox full", m.recipients().get(1).reason());
        assertEquals(List.of(), queue.claimDue(T0.plusSeconds(299), LIMITS));
        List<ActiveRecord> retry = queue.claimDue(T0.plusSeconds(300), LIMITS);
        assertEquals(List.of("cici@b.test"), retry.get(0).recipients().stream().map(Recipient::address).toList(),
                "only the deferred recipient is tried again");
        apply(report(retry.get(0), false, Outcome.bounced("cici@b.test", "5.1.1", "mx", "550 no such user")),
                T0.plusSeconds(300));
        List<QueuedMessage> done = queue.claimFinished(T0.plusSeconds(301), Duration.ofMinutes(10), 10);
        assertEquals(1, done.size());
        assertEquals(List.of("sent", "bounced"), done.get(0).recipients().stream().map(QueuedRecipient::status).toList());
        assertEquals(List.of(), queue.claimFinished(T0.plusSeconds(302), Duration.ofMinutes(10), 10),
                "a message being finished is not taken twice");
        queue.unclaimFinished("D1");
        assertEquals(1, queue.claimFinished(T0.plusSeconds(302), Duration.ofMinutes(10), 10).size(),
                "one given back (its notices could not be sent) is taken at the next pass");
        assertEquals(1, queue.claimFinished(T0.plusSeconds(303 + 600), Duration.ofMinutes(10), 10).size(),
                "one left finishing by a dead replica is taken again");
        assertTrue(queue.remove("D1"));
        assertTrue(queue.find("D1").isEmpty());
    }

    @Test
    void aFailingDestinationIsSuspendedWithoutTouchingOthers() {
        queue.enqueue(message("F1", "anto@b.test"));
        queue.enqueue(message("F2", "cici@b.test"));
        queue.enqueue(message("F3", "dodi@c.test"));
        List<ActiveRecord> out = queue.claimDue(T0, LIMITS);
        assertEquals(3, out.size());
        ActiveRecord f1 = out.stream().filter(r -> r.queueId().equals("F1")).findFirst().orElseThrow();
        ActiveRecord f2 = out.stream().filter(r -> r.queueId().equals("F2")).findFirst().orElseThrow();
        apply(report(f2, false, Outcome.sent("cici@b.test", "2.0.0", "mx.b.test[127.0.0.1]:25", "250 ok")), T0);
        apply(report(f1, true, Outcome.deferred("anto@b.test", "4.4.1", "none",
                "connect to mx.b.test[127.0.0.1]:25: Connection refused")), T0);
        queue.enqueue(message("F4", "eko@b.test"));
        queue.enqueue(message("F5", "fajar@c.test"));
        List<ActiveRecord> next = queue.claimDue(T0.plusSeconds(1), LIMITS);
        assertEquals(List.of("F5"), next.stream().map(ActiveRecord::queueId).toList(),
                "b.test is suspended, c.test is not");
        QueuedMessage f4 = queue.find("F4").orElseThrow();
        assertEquals("delivery temporarily suspended: connect to mx.b.test[127.0.0.1]:25: Connection refused",
                f4.recipients().get(0).reason());
        assertEquals(T0.plusSeconds(300), f4.nextAttempt(), "looked at again when the cool-down ends");
        List<ActiveRecord> later = queue.claimDue(T0.plusSeconds(300), LIMITS);
        assertEquals(Set.of("F1", "F4"), new HashSet<>(later.stream().map(ActiveRecord::queueId).toList()),
                "after the cool-down b.test gets its mail again");
    }

    @Test
    void mailOlderThanTheQueueLifetimeIsReturnedWithItsLastReason() {
        queue.enqueue(message("E1", "anto@b.test"));
        ActiveRecord r = queue.claimDue(T0, LIMITS).get(0);
        apply(report(r, false, Outcome.deferred("anto@b.test", "4.4.1", "none", "connection timed out")), T0);
        assertEquals(0, queue.expire(T0.plus(Duration.ofDays(4)), BACKOFF));
        assertEquals(1, queue.expire(T0.plus(Duration.ofDays(5)).plusSeconds(1), BACKOFF));
        QueuedRecipient rcpt = queue.find("E1").orElseThrow().recipients().get(0);
        assertEquals("bounced", rcpt.status());
        assertTrue(rcpt.expired());
        assertEquals("4.4.1", rcpt.dsnStatus(), "the last temporary status, as Postfix reports it");
        assertEquals("connection timed out", rcpt.reason());
    }

    @Test
    void delayNoticesAreDueOncePerMessage() {
        queue.enqueue(message("L1", "anto@b.test"));
        ActiveRecord r = queue.claimDue(T0, LIMITS).get(0);
        apply(report(r, false, Outcome.deferred("anto@b.test", "4.4.1", "none", "timed out")), T0);
        assertEquals(List.of(), queue.delayed(T0.plusSeconds(3599), Duration.ofHours(1), 10));
        assertEquals(1, queue.delayed(T0.plusSeconds(3601), Duration.ofHours(1), 10).size());
        queue.markDelayWarned("L1");
        assertEquals(List.of(), queue.delayed(T0.plusSeconds(3601), Duration.ofHours(1), 10));
    }

    @Test
    void newAndDeferredMailTakeTurnsSoNeitherStarvesTheOther() {
        ClaimLimits wide = new ClaimLimits(100, 20000, 50, 20, t -> 20);
        for (int i = 0; i < 6; i++) {
            queue.enqueue(message("OLD" + i, "u@old" + i + ".test"));
        }
        for (ActiveRecord r : queue.claimDue(T0, wide)) {
            apply(report(r, false, Outcome.deferred(r.recipients().get(0).address(), "4.4.1", "none", "timed out")), T0);
        }
        for (int i = 0; i < 6; i++) {
            queue.enqueue(message("NEW" + i, "u@new" + i + ".test"));
        }
        List<ActiveRecord> pass = queue.claimDue(T0.plusSeconds(300), new ClaimLimits(4, 20000, 50, 20, t -> 20));
        assertEquals(List.of("NEW", "OLD", "NEW", "OLD"), pass.stream().map(r -> r.queueId().substring(0, 3)).toList(),
                "one new, one deferred, in turn: " + pass.stream().map(ActiveRecord::queueId).toList());
        assertEquals(List.of("NEW0", "NEW1"), List.of(pass.get(0).queueId(), pass.get(2).queueId()), "new mail in arrival order");
    }

    @Test
    void noMoreMessagesAreInFlightThanTheActiveLimit() {
        for (int i = 0; i < 5; i++) {
            queue.enqueue(message("A" + i, "u@act" + i + ".test"));
        }
        ClaimLimits two = new ClaimLimits(100, 2, 50, 20, t -> 20);
        assertEquals(2, queue.claimDue(T0, two).size(), "qmgr-message-active-limit 2");
        assertEquals(List.of(), queue.claimDue(T0, two), "full until a report comes");
    }

    @Test
    void lostAndUnpublishedRequestsComeBack() {
        queue.enqueue(message("R1", "anto@b.test"));
        queue.enqueue(message("R2", "cici@c.test"));
        List<ActiveRecord> out = queue.claimDue(T0, LIMITS);
        queue.unclaim(out.get(0).requestId());
        assertEquals(1, queue.recoverLostRequests(Instant.now().plusSeconds(1)));
        assertEquals(2, queue.claimDue(T0, LIMITS).size(), "both are handed out again");
    }

    @Test
    void twoSchedulersNeverHandOutTheSameRecipient() throws Exception {
        for (int i = 0; i < 60; i++) {
            queue.enqueue(message("P" + i, "u" + i + "@d" + (i % 6) + ".test"));
        }
        ClaimLimits small = new ClaimLimits(7, 20000, 50, 20, t -> 20);
        var pool = Executors.newFixedThreadPool(2);
        try {
            Callable<List<ActiveRecord>> claimer = () -> {
                List<ActiveRecord> all = new ArrayList<>();
                for (int round = 0; round < 20; round++) {
                    all.addAll(queue.claimDue(T0, small));
                }
                return all;
            };
            Future<List<ActiveRecord>> a = pool.submit(claimer);
            Future<List<ActiveRecord>> b = pool.submit(claimer);
            List<String> ids = new ArrayList<>();
            a.get().forEach(r -> ids.add(r.queueId()));
            b.get().forEach(r -> ids.add(r.queueId()));
            assertEquals(60, ids.size(), "every message handed out: " + ids.size());
            assertEquals(60, new HashSet<>(ids).size(), "none twice");
        } finally {
            pool.shutdownNow();
        }
    }
}
