package io.kurir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.EmbeddedStack;
import io.kurir.devstack.SharedTestStack;
import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.Recipient;
import io.kurir.store.Migrations;
import io.kurir.store.PgBlobStore;
import io.kurir.store.queue.Backoff;
import io.kurir.store.queue.ClaimLimits;
import io.kurir.store.queue.QueueStore;
import io.kurir.store.queue.QueuedMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kurir queue ...} as the administrator types it, run in this JVM against the shared test
 * PostgreSQL: the data folder's stack file names it (as a running {@code kurir up} does), so every
 * command talks to the queue this test fills.
 */
class QueueCommandIT {

    static DataSource ds;
    static QueueStore queue;
    static PgBlobStore blobs;
    static Path dataDir;
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(300), Duration.ofSeconds(4000),
            Duration.ofDays(5), Duration.ofDays(5));
    static final ClaimLimits LIMITS = new ClaimLimits(100, 20000, 50, 2, t -> 20);
    static final String GREYLISTED = "host mx.b.test[192.0.2.1] said: 450 4.2.0 <eko@b.test>: Recipient address "
            + "rejected: Greylisted, see https://example.test/greylist (in reply to RCPT TO command)";

    @BeforeAll
    static void stackFile() throws Exception {
        EmbeddedStack stack = SharedTestStack.get();
        ds = stack.postgres().dataSource();
        Migrations.migrate(ds);
        queue = new QueueStore(ds);
        blobs = new PgBlobStore(ds);
        dataDir = Files.createTempDirectory(Path.of("target"), "queue-").toAbsolutePath();
        new StackFile(ProcessHandle.current().pid(), stack.postgres().jdbcUrl(), stack.postgres().user(),
                stack.postgres().password(), stack.kafka().bootstrapServers()).write(dataDir);
    }

    @BeforeEach
    void emptyQueue() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from queue_messages");
            s.executeUpdate("delete from queue_destinations");
            s.executeUpdate("delete from blobs where id like 'qc/%'");
        }
    }

    static void enqueue(String qid, String sender, String... recipients) {
        List<Recipient> rcpts = new ArrayList<>();
        for (String r : recipients) {
            rcpts.add(new Recipient(r, r, "smtp", r.substring(r.indexOf('@') + 1), ""));
        }
        byte[] content = ("Subject: test " + qid + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8);
        blobs.putIdempotent("qc/" + qid, content);
        queue.enqueue(new IncomingRecord(1, qid, Instant.now().minusSeconds(90), sender, rcpts, "qc/" + qid,
                content.length, "<" + qid + "@a.test>", null, null, false));
    }

    /** Hands out what is due and defers every recipient with this reason. */
    static void deferAll(String reason) {
        Instant now = Instant.now();
        for (ActiveRecord r : queue.claimDue(now, LIMITS)) {
            queue.applyReport(new DeliveryReport(1, r.requestId(), r.queueId(), r.transport(), r.nexthop(),
                    r.recipients().stream().map(rc -> Outcome.deferred(rc.address(), "4.2.0", "mx", reason)).toList(),
                    false, now), now, BACKOFF, 20, 5, Duration.ofMinutes(10));
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    static Result kurir(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(dataDir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Kurir.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    static void assertPrints(String expectedLine, Result r) {
        assertEquals(0, r.exitCode(), "exit code; stderr: " + r.stderr());
        assertEquals(List.of(expectedLine), r.lines(), "stdout");
    }

    @Test
    void listShowsActiveDeferredAndHeldMailWithWrappedReasons() {
        enqueue("D1", "", "eko@b.test", "gita@b.test");
        deferAll(GREYLISTED);
        enqueue("A1", "budi@a.test", "anto@b.test");
        enqueue("H1", "budi@a.test", "hana@e.test");
        assertPrints("kurir: Placed on hold: 1 message", kurir("queue", "hold", "H1"));

        Result list = kurir("queue", "list");
        assertEquals(0, list.exitCode(), list.stderr());
        List<String> lines = list.lines();
        assertEquals(QueueFormat.LIST_HEADER, lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("D1 {9}\\s+\\d+ \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d  MAILER-DAEMON")),
                "deferred: no mark, the null sender as MAILER-DAEMON:\n" + list.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("A1        *") && l.endsWith("  budi@a.test")),
                "active: *\n" + list.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("H1        !")), "hold: !\n" + list.stdout());
        int reason = lines.indexOf("(host mx.b.test[192.0.2.1] said: 450 4.2.0 <eko@b.test>: Recipient address");
        assertTrue(reason > 0, "the reason starts a line:\n" + list.stdout());
        assertEquals(List.of("    rejected: Greylisted, see https://example.test/greylist (in reply to RCPT TO",
                "    command))", " ".repeat(41) + "eko@b.test", " ".repeat(41) + "gita@b.test"),
                lines.subList(reason + 1, reason + 5), "wrapped to 80 columns, printed once for both recipients");
        assertTrue(lines.stream().allMatch(l -> l.length() <= 80), list.stdout());
        assertTrue(lines.get(lines.size() - 1).matches("-- \\d+ Kbytes in 3 Requests\\."), list.stdout());
    }

    @Test
    void anEmptyQueue() {
        assertPrints("Mail queue is empty", kurir("queue", "list"));
    }

    @Test
    void deleteHoldReleaseAndRequeueCountLikePostsuper() {
        enqueue("C1", "budi@a.test", "anto@b.test");
        enqueue("C2", "budi@a.test", "cici@c.test");
        deferAll("connection timed out");
        enqueue("C3", "budi@a.test", "dodi@d.test");

        assertPrints("kurir: Placed on hold: 3 messages", kurir("queue", "hold", "ALL"));
        assertPrints("kurir: Released from hold: 1 message", kurir("queue", "release", "C3"));
        assertPrints("kurir: Released from hold: 2 messages", kurir("queue", "release", "ALL"));
        assertEquals(QueuedMessage.DEFERRED, queue.find("C1").orElseThrow().state(), "back to deferred");
        assertPrints("kurir: Requeued: 1 message", kurir("queue", "requeue", "C1"));
        assertEquals(QueuedMessage.ACTIVE, queue.find("C1").orElseThrow().state());

        assertPrints("kurir: Deleted: 1 message", kurir("queue", "delete", "ALL", "deferred"));
        assertTrue(queue.find("C2").isEmpty() && blobs.get("qc/C2").isEmpty(), "C2 and its queue file are gone");
        assertPrints("kurir: Deleted: 0 messages", kurir("queue", "delete", "NOPE"));
        assertPrints("kurir: Deleted: 2 messages", kurir("queue", "delete", "C1", "C3"));
        assertPrints("Mail queue is empty", kurir("queue", "list"));

        Result bad = kurir("queue", "delete", "ALL", "bogus");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("kurir: unknown queue 'bogus': use incoming, active, deferred or hold"),
                bad.stderr());
        assertEquals(2, kurir("queue", "hold", "C1", "ALL").exitCode(), "ALL among ids");
    }

    @Test
    void showPrintsTheEnvelopeAndTheQueueFileOrSaysThereIsNone() {
        enqueue("S1", "budi@a.test", "anto@b.test");
        Result show = kurir("queue", "show", "S1");
        assertEquals(0, show.exitCode(), show.stderr());
        List<String> lines = show.lines();
        assertEquals("*** ENVELOPE RECORDS active/S1 ***", lines.get(0));
        assertTrue(lines.contains("sender: budi@a.test") && lines.contains("recipient: anto@b.test"), show.stdout());
        int content = lines.indexOf("*** MESSAGE CONTENTS active/S1 ***");
        assertEquals(List.of("Subject: test S1", "", "hello"), lines.subList(content + 1, content + 4), show.stdout());
        assertEquals("*** MESSAGE FILE END active/S1 ***", lines.get(lines.size() - 1));

        Result missing = kurir("queue", "show", "NOPE");
        assertEquals(1, missing.exitCode());
        assertEquals("kurir: fatal: NOPE: no such queue file\n", missing.stderr());
        assertEquals("", missing.stdout());
    }

    @Test
    void flushMakesDeferredMailDueAndPrintsNothing() {
        enqueue("F1", "budi@a.test", "anto@mx.b.test");
        enqueue("F2", "budi@a.test", "cici@c.test");
        deferAll("connection timed out");
        Instant before = Instant.now();
        assertTrue(queue.find("F1").orElseThrow().nextAttempt().isAfter(before), "waits for its backoff");

        Result flush = kurir("queue", "flush", "b.test");
        assertEquals(0, flush.exitCode(), flush.stderr());
        assertEquals("", flush.stdout(), "silent, as postqueue -s");
        assertTrue(!queue.find("F1").orElseThrow().nextAttempt().isAfter(Instant.now()), "F1 is due");
        assertTrue(queue.find("F2").orElseThrow().nextAttempt().isAfter(Instant.now()), "c.test was not flushed");
        assertEquals(0, kurir("queue", "flush").exitCode());
        assertTrue(!queue.find("F2").orElseThrow().nextAttempt().isAfter(Instant.now()), "everything is due");
    }

    @Test
    void shapePrintsQshapesTable() {
        enqueue("Q1", "budi@a.test", "a@b.test", "b@b.test", "c@c.test");
        enqueue("Q2", "budi@a.test", "d@held.test");
        kurir("queue", "hold", "Q2");

        Result shape = kurir("queue", "shape");
        assertEquals(0, shape.exitCode(), shape.stderr());
        assertEquals(List.of(
                "       T 5 10 20 40 80 160 320 640 1280 1280+",
                " TOTAL 3 3  0  0  0  0   0   0   0    0     0",
                "b.test 2 2  0  0  0  0   0   0   0    0     0",
                "c.test 1 1  0  0  0  0   0   0   0    0     0"), shape.lines(),
                "the messages are 90 s old: the first bucket; held mail is not counted");
        assertEquals(List.of(
                "          T 5 10 20 40 80 160 320 640 1280 1280+",
                "    TOTAL 1 1  0  0  0  0   0   0   0    0     0",
                "held.test 1 1  0  0  0  0   0   0   0    0     0"), kurir("queue", "shape", "hold").lines());
        assertEquals(2, kurir("queue", "shape", "bogus").exitCode());
    }
}
