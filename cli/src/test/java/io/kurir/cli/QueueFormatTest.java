package io.kurir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.mail.payload.RecipientDsn;
import io.kurir.store.queue.QueueShape;
import io.kurir.store.queue.QueuedMessage;
import io.kurir.store.queue.QueuedRecipient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The layout of {@code kurir queue list|show|shape}, compared with what postqueue -p, postcat and qshape print. */
class QueueFormatTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final String GREYLISTED = "host mx.b.test[192.0.2.1] said: 450 4.2.0 <eko@b.test>: Recipient address "
            + "rejected: Greylisted, see https://example.test/greylist (in reply to RCPT TO command)";

    static QueuedRecipient rcpt(int seq, String address, String status, String reason) {
        String domain = address.substring(address.indexOf('@') + 1);
        return new QueuedRecipient(seq, address, address, "smtp", domain, "", new RecipientDsn(List.of(), null), status,
                null, null, reason, null, null, false);
    }

    static QueuedMessage message(String id, String state, long size, String sender, Instant arrival,
            QueuedRecipient... recipients) {
        return new QueuedMessage(id, arrival, sender, "cln/" + id, size, "<" + id + "@a.test>", null, null, false, state,
                arrival, 0, false, List.of(recipients));
    }

    @Test
    void listLooksLikePostqueueP() {
        var active = message("4A2B3C4D5E6F", "active", 1234, "budi@a.test", T0,
                rcpt(0, "anto@b.test", "pending", null),
                rcpt(1, "cici@c.test", "sent", "delivered via mx.c.test"),
                rcpt(2, "dodi@c.test", "inflight", null));
        var deferred = message("5B2B3C4D5E6F", "deferred", 2048, "", T0.plusSeconds(3600 * 24 * 3 + 61),
                rcpt(0, "eko@b.test", "pending", GREYLISTED),
                rcpt(1, "fajar@d.test", "pending", "connect to mx.d.test[192.0.2.4]:25: Connection refused"),
                rcpt(2, "gita@b.test", "pending", GREYLISTED));
        var held = message("6C2B3C4D5E6F", "hold", 100, "budi@a.test", T0, rcpt(0, "hana@e.test", "pending", null));

        String expected = """
                -Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
                4A2B3C4D5E6F*    1234 Sat Nov 28 10:00:00  budi@a.test
                                                         anto@b.test
                                                         dodi@c.test

                5B2B3C4D5E6F     2048 Tue Dec  1 10:01:01  MAILER-DAEMON
                (host mx.b.test[192.0.2.1] said: 450 4.2.0 <eko@b.test>: Recipient address
                    rejected: Greylisted, see https://example.test/greylist (in reply to RCPT TO
                    command))
                                                         eko@b.test
                                                         gita@b.test
                (connect to mx.d.test[192.0.2.4]:25: Connection refused)
                                                         fajar@d.test

                6C2B3C4D5E6F!     100 Sat Nov 28 10:00:00  budi@a.test
                                                         hana@e.test

                -- 3 Kbytes in 3 Requests.
                """;
        String actual = QueueFormat.list(List.of(active, deferred, held), ZoneOffset.UTC);
        assertEquals(expected, actual);
        assertTrue(actual.lines().allMatch(l -> l.length() <= 80), "no line is wider than 80 columns:\n" + actual);
    }

    @Test
    void aShortQueueIdIsPaddedAndOneRequestIsSingular() {
        var m = message("ABC", "deferred", 512, "x@a.test", T0, rcpt(0, "y@b.test", "pending", null));
        assertEquals("""
                -Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
                ABC             512 Sat Nov 28 10:00:00  x@a.test
                                                         y@b.test

                -- 0 Kbytes in 1 Request.
                """, QueueFormat.list(List.of(m), ZoneOffset.UTC));
    }

    @Test
    void anEmptyQueueSaysSo() {
        assertEquals("Mail queue is empty\n", QueueFormat.list(List.of(), ZoneOffset.UTC));
    }

    @Test
    void countsArePostsupersWithSingularAndPlural() {
        assertEquals("kurir: Deleted: 3 messages", QueueFormat.counted("Deleted", 3));
        assertEquals("kurir: Requeued: 1 message", QueueFormat.counted("Requeued", 1));
        assertEquals("kurir: Placed on hold: 0 messages", QueueFormat.counted("Placed on hold", 0));
    }

    @Test
    void shapeIsRightAlignedLikeQshape() {
        var shape = new QueueShape(QueueShape.DEFAULT_BUCKETS,
                new QueueShape.Row("TOTAL", 1205, List.of(3, 1, 0, 0, 0, 0, 0, 0, 1, 1200)),
                List.of(new QueueShape.Row("b.test", 1203, List.of(2, 1, 0, 0, 0, 0, 0, 0, 0, 1200)),
                        new QueueShape.Row("mail.example.test", 2, List.of(1, 0, 0, 0, 0, 0, 0, 0, 1, 0))));
        assertEquals("""
                                     T 5 10 20 40 80 160 320 640 1280 1280+
                            TOTAL 1205 3  1  0  0  0   0   0   0    1  1200
                           b.test 1203 2  1  0  0  0   0   0   0    0  1200
                mail.example.test    2 1  0  0  0  0   0   0   0    1     0
                """, QueueFormat.shape(shape));
    }

    @Test
    void showPrintsEnvelopeContentAndExtractedRecords() {
        var m = new QueuedMessage("4A2B3C4D5E6F", T0, "budi@a.test", "cln/4A2B3C4D5E6F", 27, "<m1@a.test>", "HDRS",
                "ENV1", true, "deferred", T0.plusSeconds(300), 1, false, List.of(
                        new QueuedRecipient(0, "anto@b.test", "Anto@B.test", "smtp", "b.test", "",
                                new RecipientDsn(List.of("SUCCESS", "FAILURE"), "rfc822;Anto@B.test"), "pending",
                                "4.2.2", "mx.b.test[192.0.2.2]:25", "452 mailbox full", null, null, false),
                        rcpt(1, "cici@c.test", "sent", "250 ok")));
        String text = QueueFormat.show(m, Optional.of("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8)),
                ZoneOffset.UTC);
        assertEquals("""
                *** ENVELOPE RECORDS deferred/4A2B3C4D5E6F ***
                message_size: 27
                message_arrival_time: Sat Nov 28 10:00:00 2026
                sender: budi@a.test
                next_attempt: Sat Nov 28 10:05:00 2026 (attempts: 1)
                recipient: anto@b.test
                    pending via smtp:b.test, dsn=4.2.2, relay=mx.b.test[192.0.2.2]:25 (452 mailbox full)
                done_recipient: cici@c.test
                    sent via smtp:c.test (250 ok)
                *** MESSAGE CONTENTS deferred/4A2B3C4D5E6F ***
                Subject: hi

                hello
                *** HEADER EXTRACTED deferred/4A2B3C4D5E6F ***
                message_id: <m1@a.test>
                dsn_envid: ENV1
                dsn_ret: HDRS
                smtputf8: yes
                dsn_recipient: anto@b.test notify=SUCCESS,FAILURE orcpt=rfc822;Anto@B.test
                *** MESSAGE FILE END deferred/4A2B3C4D5E6F ***
                """, text);
    }
}
