package io.kurir.queue.bounce;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Sample notices and the means to read them back. */
final class BounceFixtures {

    static final Instant NOW = Instant.parse("2025-03-04T10:15:30Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant ARRIVAL = NOW.minus(Duration.ofHours(5));
    static final Instant RETRY_UNTIL = ARRIVAL.plus(Duration.ofDays(5));
    static final String HOST = "mx.kurir.test";
    static final String QID = "4B1C2D3E4F5A";
    static final String NEW_QID = "5C2D3E4F5A6B";
    static final String REJECTED = "550 5.1.1 <bob@b.test>: Recipient address rejected: User unknown";

    private BounceFixtures() {
    }

    static byte[] original() {
        try (InputStream in = BounceFixtures.class.getResourceAsStream("original.eml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static DsnRecipient failed(String address, String reply) {
        return new DsnRecipient(address, Optional.of("rfc822;" + address), DsnAction.FAILED, "5.1.1",
                Optional.of("mx.b.test"), new Diagnostic.Smtp(reply),
                "host mx.b.test[192.0.2.25] said: " + reply + " (in reply to RCPT TO command)", NOW, Optional.empty());
    }

    static DsnRecipient delayed(String address) {
        return new DsnRecipient(address, Optional.empty(), DsnAction.DELAYED, "4.4.1", Optional.empty(),
                new Diagnostic.Local("connect to mx.b.test[192.0.2.25]:25: Connection refused"), "",
                NOW.minusSeconds(600), Optional.of(RETRY_UNTIL));
    }

    static DsnRecipient delivered(String address) {
        return new DsnRecipient(address, Optional.of("rfc822;" + address), DsnAction.DELIVERED, "2.0.0",
                Optional.empty(), new Diagnostic.Local("delivered to mailbox"), "delivered to mailbox", NOW,
                Optional.empty());
    }

    static BounceRequest request(DsnKind kind, DsnRet ret, byte[] original, DsnRecipient... recipients) {
        String to = kind == DsnKind.POSTMASTER_COPY ? "postmaster@kurir.test" : "alice@a.test";
        return new BounceRequest(kind, HOST, QID, ARRIVAL, "alice@a.test", to, Optional.of("ENV-42"), ret,
                List.of(recipients), original);
    }

    static BounceMessage compose(BounceRequest request) {
        return compose(request, BounceComposer.DEFAULT_BOUNCE_SIZE_LIMIT);
    }

    static BounceMessage compose(BounceRequest request, int limit) {
        BounceMessage m = new BounceComposer(CLOCK, limit).compose(request, NEW_QID);
        assertValidSmtpInput(m.content());
        return m;
    }

    /** Every line ends with CRLF, no CR or LF elsewhere, no line longer than 998 octets (RFC 5322 2.1.1). */
    static void assertValidSmtpInput(byte[] content) {
        int lineLength = 0;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r') {
                if (i + 1 >= content.length || content[i + 1] != '\n') {
                    fail("bare CR at octet " + i);
                }
                i++;
                lineLength = 0;
            } else if (b == '\n') {
                fail("bare LF at octet " + i);
            } else if (++lineLength > 998) {
                fail("line longer than 998 octets ending at octet " + i);
            }
        }
        assertTrue(content.length >= 2 && content[content.length - 2] == '\r' && content[content.length - 1] == '\n',
                "the message ends with CRLF");
    }

    static MimeMessage parse(byte[] content) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(content));
    }

    static MimeMultipart report(MimeMessage message) throws MessagingException, IOException {
        return (MimeMultipart) message.getContent();
    }

    static byte[] raw(BodyPart part) throws MessagingException, IOException {
        try (InputStream in = ((MimeBodyPart) part).getRawInputStream()) {
            return in.readAllBytes();
        }
    }

    /** The blocks of a delivery-status part: per-message fields first, then one map per recipient. */
    static List<Map<String, String>> statusBlocks(BodyPart part) throws MessagingException, IOException {
        String text = new String(raw(part), StandardCharsets.UTF_8);
        List<Map<String, String>> blocks = new ArrayList<>();
        for (String block : text.split("\r\n\r\n")) {
            if (block.isBlank()) {
                continue;
            }
            InternetHeaders h = new InternetHeaders(
                    new ByteArrayInputStream((block + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)), true);
            Map<String, String> fields = new LinkedHashMap<>();
            for (Enumeration<jakarta.mail.Header> e = h.getAllHeaders(); e.hasMoreElements(); ) {
                jakarta.mail.Header f = e.nextElement();
                fields.put(f.getName(), MimeUtility.unfold(f.getValue()).trim());
            }
            blocks.add(fields);
        }
        return blocks;
    }

    static String text(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }
}
