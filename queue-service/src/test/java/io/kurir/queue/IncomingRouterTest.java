package io.kurir.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.Recipient;
import io.kurir.mail.payload.RecipientDsn;
import io.kurir.queue.messaging.IncomingRouter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncomingRouterTest {

    @Test
    void splitsRecipientsPerTransportAndNextHop() {
        var in = new IncomingRecord(1, "ABC", Instant.EPOCH, "a@x", List.of(
                new Recipient("u1@localhost", "u1@localhost", "local", "mx", "u1"),
                new Recipient("r@b.test", "r@b.test", "smtp", "b.test", ""),
                new Recipient("u2@localhost", "u2@localhost", "local", "mx", "u2")
                        .withDsn(new RecipientDsn(List.of("NEVER"), null))), "cln/ABC", 10, "<id>", "FULL", "E1", false);
        var out = IncomingRouter.split(in);
        assertEquals(2, out.size(), "one request per destination");
        assertEquals(List.of("u1@localhost", "u2@localhost"), out.get(0).recipients().stream().map(Recipient::address).toList());
        assertEquals("smtp", out.get(1).transport());
        assertEquals("b.test", out.get(1).nexthop());
        assertEquals("cln/ABC", out.get(1).blobId());
        assertEquals(List.of("NEVER"), out.get(0).recipients().get(1).dsn().notifyOn(), "DSN parameters travel to delivery");
        assertEquals("FULL", out.get(1).dsnRet());
        assertEquals("E1", out.get(1).dsnEnvid());
    }
}
