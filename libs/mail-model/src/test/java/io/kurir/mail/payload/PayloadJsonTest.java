package io.kurir.mail.payload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PayloadJsonTest {

    @Test
    void maildropRoundTrips() {
        var rec = new MaildropRecord(1, "98AC3161ABF1", Instant.parse("2010-06-28T13:37:13Z"), "afau@localhost",
                List.of("fauzan@localhost"), new ClientInfo("localhost", "127.0.0.1", "localhost", "ESMTP"),
                "98AC3161ABF1", 120, false);
        byte[] json = new PayloadJson.JsonSerializer().serialize("t", rec);
        assertTrue(new String(json, UTF_8).contains("\"arrivalTime\":\"2010-06-28T13:37:13Z\""), new String(json, UTF_8));
        assertEquals(rec, new PayloadJson.MaildropDeserializer().deserialize("t", json));
    }

    @Test
    void newerVersionIsRefusedClearly() {
        byte[] json = "{\"version\":2,\"queueId\":\"A\"}".getBytes(UTF_8);
        var e = assertThrows(SerializationException.class, () -> new PayloadJson.ActiveDeserializer().deserialize("t", json));
        assertEquals("ActiveRecord version 2 not supported (this build reads up to 1)", e.getMessage());
    }

    @Test
    void garbageIsRefusedClearly() {
        var e = assertThrows(SerializationException.class,
                () -> new PayloadJson.IncomingDeserializer().deserialize("t", "{not json".getBytes(UTF_8)));
        assertTrue(e.getMessage().startsWith("malformed IncomingRecord"), e.getMessage());
        var d = new PayloadJson.IncomingDeserializer();
        for (String hostile : new String[] {"[1,2,3]", "\"version\"", "", "{\"version\":\"1\",\"queueId\":\"A\"}",
                "{\"queueId\":{\"version\":1},\"x\":[[[[1]]]]}", "{\"version\":1e400}"}) {
            var refused = assertThrows(SerializationException.class, () -> d.deserialize("t", hostile.getBytes(UTF_8)),
                    hostile);
            assertTrue(refused.getMessage().startsWith("malformed IncomingRecord")
                    || refused.getMessage().startsWith("IncomingRecord version -1 not supported"), hostile + ": "
                    + refused.getMessage());
        }
    }

    @Test
    void validJsonWithMissingOrEmptyFieldsIsRefusedClearly() {
        var d = new PayloadJson.MaildropDeserializer();
        var noRecipients = assertThrows(SerializationException.class, () -> d.deserialize("t", ("{\"version\":1,\"queueId\":\"A\","
                + "\"arrivalTime\":\"2026-01-01T00:00:00Z\",\"sender\":\"\",\"recipients\":[],\"blobId\":\"b\","
                + "\"client\":{\"helo\":\"h\",\"address\":\"a\",\"hostname\":\"n\",\"protocol\":\"SMTP\"}}").getBytes(UTF_8)));
        assertTrue(noRecipients.getMessage().contains("empty recipients"), noRecipients.getMessage());
        var noClient = assertThrows(SerializationException.class, () -> d.deserialize("t",
                "{\"version\":1,\"queueId\":\"A\",\"arrivalTime\":\"2026-01-01T00:00:00Z\",\"sender\":\"\",\"recipients\":[\"x\"],\"blobId\":\"b\"}"
                        .getBytes(UTF_8)));
        assertTrue(noClient.getMessage().contains("missing field client"), noClient.getMessage());
    }

    @Test
    void dsnParametersTravelThroughEveryRecord() {
        var dsn = new RecipientDsn(List.of("SUCCESS", "DELAY"), "rfc822;fauzan@localhost");
        var drop = new MaildropRecord(1, "Q1", Instant.EPOCH, "a@x", List.of("fauzan@localhost", "b@x"),
                new ClientInfo("h", "127.0.0.1", "localhost", "ESMTP"), "raw/Q1", 1, false, "HDRS", "QQ 314", 
                Map.of("fauzan@localhost", dsn));
        var read = new PayloadJson.MaildropDeserializer().deserialize("t", PayloadJson.toBytes(drop));
        assertEquals(drop, read);
        assertEquals(dsn, read.dsnOf("fauzan@localhost"));
        assertEquals(RecipientDsn.NONE, read.dsnOf("b@x"));

        var rcpt = new Recipient("fauzan@localhost", "fauzan@localhost", "local", "mx", "fauzan").withDsn(dsn);
        var active = new ActiveRecord(1, "Q1", Instant.EPOCH, "a@x", "local", "mx", List.of(rcpt), "cln/Q1", 1, "FULL", "e",
                "R1", true);
        assertEquals(active, new PayloadJson.ActiveDeserializer().deserialize("t", PayloadJson.toBytes(active)));
        var incoming = new IncomingRecord(1, "Q1", Instant.EPOCH, "a@x", List.of(rcpt), "cln/Q1", 1, "<m>", "FULL", "e", true);
        assertEquals(incoming, new PayloadJson.IncomingDeserializer().deserialize("t", PayloadJson.toBytes(incoming)));
    }

    @Test
    void deliveryReportsRoundTripAndRefuseUnknownStatuses() {
        var report = new DeliveryReport(1, "R1", "Q1", "smtp", "b.test",
                List.of(DeliveryReport.Outcome.sent("a@b.test", "2.0.0", "mx.b.test[127.0.0.1]:25", "250 ok"),
                        DeliveryReport.Outcome.deferred("c@b.test", "4.2.0", "mx.b.test[127.0.0.1]:25", "451 later")
                                .withRemote("mx.b.test", "451 4.2.0 later")),
                false, Instant.EPOCH);
        var read = new PayloadJson.ReportDeserializer().deserialize("t", PayloadJson.toBytes(report));
        assertEquals(report, read);
        assertTrue(read.anyDeferred());
        assertThrows(IllegalArgumentException.class,
                () -> new DeliveryReport.Outcome("a@b", "lost", "2.0.0", null, null, null, null));
    }

    @Test
    void recordsWrittenBeforeDsnExistedAreStillRead() {
        var read = new PayloadJson.ActiveDeserializer().deserialize("t", ("{\"version\":1,\"queueId\":\"A\","
                + "\"arrivalTime\":\"2026-01-01T00:00:00Z\",\"sender\":\"\",\"transport\":\"local\",\"nexthop\":\"mx\","
                + "\"recipients\":[{\"address\":\"u@x\",\"originalAddress\":\"u@x\",\"transport\":\"local\","
                + "\"nexthop\":\"mx\",\"mailbox\":\"u\"}],\"blobId\":\"b\",\"size\":3}").getBytes(UTF_8));
        assertEquals(RecipientDsn.NONE, read.recipients().get(0).dsn());
        assertEquals(null, read.dsnRet());
        assertTrue(read.recipients().get(0).dsn().wants("FAILURE"));
        assertFalse(read.recipients().get(0).dsn().wants("SUCCESS"));
    }

    @Test
    void impossibleDsnValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RecipientDsn(List.of("NEVER", "SUCCESS"), null));
        assertThrows(IllegalArgumentException.class, () -> new RecipientDsn(List.of("SOMETIMES"), null));
        var d = new PayloadJson.IncomingDeserializer();
        var e = assertThrows(SerializationException.class, () -> d.deserialize("t", ("{\"version\":1,\"queueId\":\"A\","
                + "\"arrivalTime\":\"2026-01-01T00:00:00Z\",\"sender\":\"\",\"recipients\":[{\"address\":\"u@x\","
                + "\"originalAddress\":\"u@x\",\"transport\":\"local\",\"nexthop\":\"mx\",\"mailbox\":\"u\"}],"
                + "\"blobId\":\"b\",\"dsnRet\":\"ALL\"}").getBytes(UTF_8)));
        assertTrue(e.getMessage().contains("bad dsnRet ALL"), e.getMessage());
    }
}
