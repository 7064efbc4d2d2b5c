package io.kurir.queue.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.RecipientDsn;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BouncePolicyTest {

    @Test
    void bouncesAreNeverBounced() {
        assertTrue(BouncePolicy.isBounce(""), "null sender");
        assertTrue(BouncePolicy.isBounce("<>"));
        assertTrue(BouncePolicy.isBounce("double-bounce@mx.kurir.test"));
        assertTrue(BouncePolicy.isBounce("Double-Bounce@mx.kurir.test"));
        assertFalse(BouncePolicy.isBounce("alice@a.test"));
        assertFalse(BouncePolicy.isBounce("double-bounce-fan@a.test"));
    }

    @Test
    void notifyDecidesWhoIsReported() {
        RecipientDsn none = RecipientDsn.NONE;
        RecipientDsn never = new RecipientDsn(List.of("NEVER"), null);
        RecipientDsn success = new RecipientDsn(List.of("SUCCESS"), null);
        RecipientDsn failureDelay = new RecipientDsn(List.of("FAILURE", "DELAY"), null);

        assertTrue(BouncePolicy.includes(DsnKind.FAILURE, none), "default NOTIFY reports failures");
        assertTrue(BouncePolicy.includes(DsnKind.DELAY, none), "default NOTIFY reports delays");
        assertFalse(BouncePolicy.includes(DsnKind.SUCCESS, none), "default NOTIFY does not report success");
        for (DsnKind kind : List.of(DsnKind.FAILURE, DsnKind.DELAY, DsnKind.SUCCESS)) {
            assertFalse(BouncePolicy.includes(kind, never), "NEVER: no " + kind);
        }
        assertTrue(BouncePolicy.includes(DsnKind.SUCCESS, success));
        assertFalse(BouncePolicy.includes(DsnKind.FAILURE, success));
        assertTrue(BouncePolicy.includes(DsnKind.DELAY, failureDelay));
        assertTrue(BouncePolicy.includes(DsnKind.POSTMASTER_COPY, never), "the postmaster copy ignores NOTIFY");

        var a = new Recipient("a@b.test", "a@b.test", "smtp", "b.test", "");
        var b = a.withDsn(never);
        assertEquals(List.of(a), BouncePolicy.select(DsnKind.FAILURE, List.of(a, b), Recipient::dsn));
    }

    @Test
    void recipientGroupFromQueueRecords() {
        Instant t = Instant.parse("2025-03-04T10:00:00Z");
        var rcpt = new Recipient("bob@b.test", "robert@a.test", "smtp", "b.test", "")
                .withDsn(new RecipientDsn(List.of(), "rfc822;robert@a.test"));
        var outcome = DeliveryReport.Outcome.bounced("bob@b.test", "5.1.1", "mx.b.test[192.0.2.25]:25",
                "host mx.b.test[192.0.2.25] said: 550 5.1.1 unknown").withRemote("mx.b.test", "550 5.1.1 unknown");
        DsnRecipient g = DsnRecipient.of(rcpt, outcome, t, Optional.empty());
        assertEquals(DsnAction.FAILED, g.action());
        assertEquals(Optional.of("rfc822;robert@a.test"), g.originalRecipient());
        assertEquals(new Diagnostic.Smtp("550 5.1.1 unknown"), g.diagnostic());
        assertEquals(Optional.of("mx.b.test"), g.remoteMta());

        var local = DsnRecipient.of(new Recipient("u@localhost", "u@localhost", "local", "mx", "u"),
                DeliveryReport.Outcome.sent("u@localhost", "2.0.0", "local", "delivered to mailbox"), t, Optional.empty());
        assertEquals(DsnAction.DELIVERED, local.action());
        assertEquals(Optional.of("rfc822;u@localhost"), local.originalRecipient());
        assertEquals(new Diagnostic.Local("delivered to mailbox"), local.diagnostic());

        var relayed = DsnRecipient.of(new Recipient("r@b.test", "r@b.test", "smtp", "b.test", ""),
                DeliveryReport.Outcome.sent("r@b.test", "2.0.0", "mx.b.test[192.0.2.25]:25", "250 ok"), t, Optional.empty());
        assertEquals(DsnAction.RELAYED, relayed.action());
        assertEquals("5.0.0", new DsnRecipient("x@y", Optional.empty(), DsnAction.FAILED, "bogus", Optional.empty(),
                new Diagnostic.Local("x"), "", t, Optional.empty()).status(), "a malformed status is replaced");
    }
}
