package io.kurir.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * ETRN (RFC 1985) against the real listener and the queue tables in PostgreSQL: deferred mail
 * waiting an hour for a destination becomes due at once, as {@code postqueue -s} makes it, and
 * queue-service's scheduler (not running here) would take it within a second.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class SmtpEtrnIT {

    @Inject
    SmtpServer server;
    @Inject
    DataSource dataSource;

    /** The rows this test made, removed after each test: the database is shared by the module's tests. */
    private final List<String> queueIds = new ArrayList<>();
    private final List<String> destinations = new ArrayList<>();

    @AfterEach
    void removeRows() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement messages = c.prepareStatement("delete from queue_messages where queue_id = any(?)");
                PreparedStatement dests = c.prepareStatement("delete from queue_destinations where destination = any(?)")) {
            messages.setArray(1, c.createArrayOf("text", queueIds.toArray()));
            messages.executeUpdate();
            dests.setArray(1, c.createArrayOf("text", destinations.toArray()));
            dests.executeUpdate();
        }
    }

    private SmtpWire ehlo() throws IOException {
        SmtpWire c = new SmtpWire(server.port());
        c.reply();
        assertTrue(c.command("EHLO client.test").contains("\n250-ETRN\n"), "EHLO offers ETRN");
        return c;
    }

    /** A message deferred for {@code nexthop}, next tried an hour from now, as a temporary failure leaves it. */
    private String deferred(String nexthop) throws SQLException {
        String id = "ETRN" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        try (Connection c = dataSource.getConnection();
                PreparedStatement m = c.prepareStatement("insert into queue_messages (queue_id, arrival_time, sender, blob_id, "
                        + "size, state, next_attempt, attempts) values (?, now(), 'a@client.test', ?, 10, 'deferred', "
                        + "now() + interval '1 hour', 1)");
                PreparedStatement r = c.prepareStatement("insert into queue_recipients (queue_id, seq, address, "
                        + "original_address, transport, nexthop, mailbox, reason) values (?, 0, ?, ?, 'smtp', ?, ?, "
                        + "'connect to " + nexthop + ": Connection refused')")) {
            m.setString(1, id);
            m.setString(2, "raw/" + id);
            m.executeUpdate();
            String address = "user@" + nexthop;
            r.setString(1, id);
            r.setString(2, address);
            r.setString(3, address);
            r.setString(4, nexthop);
            r.setString(5, address);
            r.executeUpdate();
        }
        queueIds.add(id);
        return id;
    }

    /** Whether the message is due now (next_attempt not in the future). */
    private boolean due(String queueId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select next_attempt <= now() from queue_messages where queue_id = ?")) {
            ps.setString(1, queueId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), queueId + " is still queued");
                return rs.getBoolean(1);
            }
        }
    }

    @Test
    void etrnMakesTheDeferredMailOfThatDomainDueNow() throws Exception {
        String forB = deferred("b.test");
        String forOther = deferred("other.test");
        String dead = "smtp:b.test";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into queue_destinations (destination, window_size, failures, "
                        + "dead_until) values (?, 1, 5, now() + interval '1 hour') on conflict (destination) do update "
                        + "set dead_until = excluded.dead_until, failures = 5")) {
            ps.setString(1, dead);
            ps.executeUpdate();
        }
        destinations.add(dead);
        assertFalse(due(forB), "deferred an hour ahead before ETRN");
        try (SmtpWire c = ehlo()) {
            assertEquals("250 Queuing started", c.command("ETRN b.test"));
        }
        assertTrue(due(forB), "b.test's message is due once ETRN b.test got its 250");
        assertFalse(due(forOther), "other destinations keep their schedule");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select dead_until is null from queue_destinations where destination = ?")) {
            ps.setString(1, dead);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next() && rs.getBoolean(1), "the suspended destination b.test is alive again");
            }
        }
    }

    @Test
    void atDomainAlsoFlushesItsSubdomains() throws Exception {
        String sub = deferred("sub.b.test");
        String unrelated = deferred("notb.test");
        try (SmtpWire c = ehlo()) {
            assertEquals("250 Queuing started", c.command("ETRN @b.test"));
        }
        assertTrue(due(sub), "RFC 1985 5.3: @b.test covers sub.b.test");
        assertFalse(due(unrelated), "notb.test is not a subdomain of b.test");
    }

    @Test
    void refusalsGetPostfixsReplies() throws Exception {
        String waiting = deferred("b.test");
        try (SmtpWire c = new SmtpWire(server.port())) {
            c.reply();
            assertEquals("503 Error: send HELO/EHLO first", c.command("ETRN b.test"));
            c.command("EHLO client.test");
            assertEquals("458 Unable to queue messages", c.command("ETRN #q"), "Kurir has no named queues");
            assertEquals("500 Syntax: ETRN domain", c.command("ETRN"));
            assertEquals("501 Error: invalid parameter syntax", c.command("ETRN b.test."));
            assertEquals("459 <localhost>: service unavailable", c.command("ETRN localhost"), "our own domain");
            assertEquals("459 <mx.kurir.test>: service unavailable", c.command("ETRN mx.kurir.test"), "our own domain");
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<a@client.test>"));
            assertEquals("503 Error: MAIL transaction in progress", c.command("ETRN b.test"));
            assertEquals("250 2.0.0 Ok", c.command("RSET"));
            assertEquals("221 2.0.0 Bye", c.command("QUIT"));
        }
        assertFalse(due(waiting), "no refused ETRN touched the queue");
    }

    @Test
    void etrnMayBePipelinedWithTheCommandsAfterIt() throws Exception {
        String waiting = deferred("b.test");
        try (SmtpWire c = ehlo()) {
            c.send("ETRN b.test\r\nNOOP\r\n");
            assertEquals("250 Queuing started", c.reply());
            assertEquals("250 2.0.0 Ok", c.reply(), "RFC 2920 3.1: ETRN does not end a group");
        }
        assertTrue(due(waiting));
    }

    @Test
    void pythonSmtplibDocmdEtrn() throws Exception {
        String waiting = deferred("c.test");
        String script = String.join("\n",
                "import smtplib, sys",
                "with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=30) as s:",
                "    s.ehlo('python.test')",
                "    assert s.has_extn('etrn'), s.esmtp_features",
                "    code, text = s.docmd('ETRN', 'c.test')",
                "    assert (code, text) == (250, b'Queuing started'), (code, text)",
                "    code, text = s.docmd('ETRN', '#q')",
                "    assert code == 458, (code, text)",
                "print('ok')");
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, Integer.toString(server.port())).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("SKIPPED pythonSmtplibDocmdEtrn: python3 is not installed (SmtpWire covers this path)");
            Assumptions.abort("python3 not installed");
            return;
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 ended");
        assertEquals(0, p.exitValue(), "python smtplib script failed:\n" + out);
        assertTrue(due(waiting), "c.test's message is due after smtplib's ETRN");
    }
}
