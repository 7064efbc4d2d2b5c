package io.kurir.queue.bounce;

import static io.kurir.queue.bounce.BounceFixtures.REJECTED;
import static io.kurir.queue.bounce.BounceFixtures.ascii;
import static io.kurir.queue.bounce.BounceFixtures.compose;
import static io.kurir.queue.bounce.BounceFixtures.delayed;
import static io.kurir.queue.bounce.BounceFixtures.delivered;
import static io.kurir.queue.bounce.BounceFixtures.failed;
import static io.kurir.queue.bounce.BounceFixtures.original;
import static io.kurir.queue.bounce.BounceFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same notices read by Python's email package, which parses message/delivery-status itself. */
class BounceComposerPythonTest {

    @Test
    void failureParsesAsReportWithRecipientGroups() throws Exception {
        JsonNode py = PythonEmail.parse(compose(request(DsnKind.FAILURE, DsnRet.FULL, original(),
                failed("bob@b.test", REJECTED), failed("carol@b.test", "550 5.1.1 no such user"))).content());
        assertNoDefects(py);
        assertEquals("multipart/report", py.get("content_type").asText());
        assertEquals("delivery-status", py.get("report_type").asText());
        assertEquals(List.of("text/plain", "message/delivery-status", "message/rfc822"), types(py));
        JsonNode blocks = py.get("parts").get(1).get("blocks");
        assertEquals(3, blocks.size(), "Python sees per-message fields and two recipient groups");
        assertEquals("dns; mx.kurir.test", blocks.get(0).get("reporting-mta").asText());
        assertEquals("rfc822; bob@b.test", blocks.get(1).get("final-recipient").asText());
        assertEquals("failed", blocks.get(1).get("action").asText());
        assertEquals("5.1.1", blocks.get(1).get("status").asText());
        assertEquals("smtp; " + REJECTED, blocks.get(1).get("diagnostic-code").asText());
        assertEquals("rfc822; carol@b.test", blocks.get(2).get("final-recipient").asText());
        assertEquals("Lunch on Friday", py.get("parts").get(2).get("inner_subject").asText());
        assertTrue(py.get("parts").get(0).get("text").asText().contains("<bob@b.test>: host mx.b.test"));
        assertTrue(header(py, "Auto-Submitted").equals("auto-replied"));
    }

    @Test
    void delayAndSuccessReturnHeadersOnly() throws Exception {
        JsonNode delay = PythonEmail.parse(compose(request(DsnKind.DELAY, DsnRet.FULL, original(), delayed("bob@b.test")))
                .content());
        assertNoDefects(delay);
        assertEquals(List.of("text/plain", "message/delivery-status", "text/rfc822-headers"), types(delay));
        JsonNode bob = delay.get("parts").get(1).get("blocks").get(1);
        assertEquals("delayed", bob.get("action").asText());
        assertEquals("Sun, 9 Mar 2025 05:15:30 +0000", bob.get("will-retry-until").asText());

        JsonNode success = PythonEmail.parse(compose(request(DsnKind.SUCCESS, DsnRet.FULL, original(),
                delivered("bob@b.test"))).content());
        assertNoDefects(success);
        assertEquals(List.of("text/plain", "message/delivery-status", "text/rfc822-headers"), types(success));
        assertEquals("delivered", success.get("parts").get(1).get("blocks").get(1).get("action").asText());
    }

    @Test
    void retHdrsAndSizeLimitGiveHeadersOnly() throws Exception {
        JsonNode hdrs = PythonEmail.parse(compose(request(DsnKind.FAILURE, DsnRet.HDRS, original(),
                failed("bob@b.test", REJECTED))).content());
        assertEquals("text/rfc822-headers", types(hdrs).get(2));
        String headers = hdrs.get("third_part_raw").asText();
        assertTrue(headers.contains("Subject: Lunch on Friday\r\n"), headers);
        assertFalse(headers.contains("lunch on Friday?"), "no body: " + headers);

        JsonNode big = PythonEmail.parse(compose(request(DsnKind.FAILURE, DsnRet.FULL, original(),
                failed("bob@b.test", REJECTED)), 100).content());
        assertEquals("text/rfc822-headers", types(big).get(2), "over bounce-size-limit");
        assertTrue(big.get("parts").get(0).get("text").asText().contains("larger than 100 bytes"));
    }

    @Test
    void eightBitOriginalAndInjectionAndFolding() throws Exception {
        byte[] eightBit = "Subject: caf\u00e9\r\n\r\nGr\u00fc\u00dfe\r\n".getBytes(StandardCharsets.UTF_8);
        StringBuilder longReply = new StringBuilder("550 5.7.1");
        while (longReply.length() < 300) {
            longReply.append(" blocked").append(longReply.length());
        }
        String reply = longReply.substring(0, 299).stripTrailing();
        reply += "Z".repeat(300 - reply.length()); // exactly 300 characters, no trailing space
        var req = request(DsnKind.FAILURE, DsnRet.FULL, eightBit, failed("bob@b.test", reply),
                failed("carol@b.test", "550 no\r\nX-Injected: yes"));
        JsonNode py = PythonEmail.parse(compose(req).content());
        assertNoDefects(py);
        assertEquals("8bit", py.get("cte").asText());
        assertEquals("message/global", types(py).get(2), "UTF-8 in the returned headers (RFC 6532 3.7)");
        assertEquals("8bit", py.get("parts").get(2).get("cte").asText());
        JsonNode blocks = py.get("raw_blocks");
        assertEquals(3, blocks.size());
        assertEquals("smtp; " + reply, blocks.get(1).get("diagnostic-code").asText(), "folded, unfolds to the reply");
        assertEquals("smtp; 550 no X-Injected: yes", blocks.get(2).get("diagnostic-code").asText());
        assertFalse(blocks.get(2).has("x-injected"), "no field injected");
        for (JsonNode h : py.get("headers")) {
            assertFalse(h.get(0).asText().equalsIgnoreCase("X-Injected"), "no header injected");
        }
    }

    @Test
    void nonAsciiAddressGivesGlobalDeliveryStatus() throws Exception {
        String address = "\u7528\u6237@\u4f8b\u5b50.test";
        JsonNode py = PythonEmail.parse(compose(request(DsnKind.FAILURE, DsnRet.FULL, original(),
                failed(address, "550 5.1.1 unknown"))).content());
        assertEquals("global-delivery-status", py.get("report_type").asText());
        assertEquals("message/global-delivery-status", types(py).get(1));
        assertEquals("utf-8; " + address, py.get("raw_blocks").get(1).get("final-recipient").asText());
        assertTrue(py.get("parts").get(0).get("text").asText().contains(address), "utf-8 text part decodes");
    }

    @Test
    void bareLfOriginalStillParses() throws Exception {
        JsonNode py = PythonEmail.parse(compose(request(DsnKind.FAILURE, DsnRet.FULL,
                ascii("Subject: lf\n\nbody\n"), failed("bob@b.test", REJECTED))).content());
        assertNoDefects(py);
        assertEquals("lf", py.get("parts").get(2).get("inner_subject").asText());
        assertEquals("body\r\n", py.get("parts").get(2).get("inner_body").asText());
    }

    private static List<String> types(JsonNode py) {
        List<String> types = new ArrayList<>();
        py.get("parts").forEach(p -> types.add(p.get("type").asText()));
        return types;
    }

    private static String header(JsonNode py, String name) {
        for (JsonNode h : py.get("headers")) {
            if (h.get(0).asText().equalsIgnoreCase(name)) {
                return h.get(1).asText();
            }
        }
        return "";
    }

    private static void assertNoDefects(JsonNode py) {
        assertEquals(0, py.get("defects").size(), "Python found defects: " + py.get("defects"));
        py.get("parts").forEach(p -> assertEquals(0, p.get("defects").size(), "defects in a part: " + p));
    }
}
