package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Input built to hurt: it must parse, stay within the limits and still give usable answers. */
class HostileInputTest {

    private static final List<String> ALL_ITEMS = List.of("ENVELOPE", "BODYSTRUCTURE", "BODY", "RFC822.SIZE",
            "RFC822.HEADER", "RFC822.TEXT", "BODY.PEEK[1.MIME]", "BODY.PEEK[1.2.HEADER]", "BODY.PEEK[2.1]",
            "BODY.PEEK[TEXT]<0.20>", "BODY.PEEK[HEADER.FIELDS.NOT (SUBJECT)]");

    @Test
    void deepNestingStopsAtTheDepthLimit() {
        int levels = 5_000;
        StringBuilder text = new StringBuilder("Subject: deep\r\n");
        for (int i = 0; i < levels; i++) {
            text.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b")
                    .append(i).append("\r\n");
        }
        text.append("Content-Type: text/plain\r\n\r\ninnermost\r\n");
        for (int i = levels - 1; i >= 0; i--) {
            text.append("--b").append(i).append("--\r\n");
        }
        MimeMessage message = MimeMessage.parse(text.toString().getBytes(StandardCharsets.US_ASCII));

        Messages.assertWellFormed(message);
        assertEquals(MessageParser.MAX_DEPTH - 1, Messages.maxDepth(message.root()),
                "nesting should be cut at the depth limit");
        MimePart deepest = deepest(message.root());
        assertEquals(MimePart.Kind.LEAF, deepest.kind(), "the part at the limit is not opened");
        assertEquals("multipart", deepest.contentType().type(), "the unopened part keeps its declared type");
        String structure = Messages.fetch(message, "BODYSTRUCTURE");
        assertEquals(count(structure, '('), count(structure, ')'), "BODYSTRUCTURE parentheses balance");
        assertEquals(message.raw().length, message.size(), "nothing is lost at the limit");
    }

    @Test
    void deeplyNestedMessageRfc822StopsAtTheDepthLimit() {
        String level = "Content-Type: message/rfc822\r\n\r\n";
        byte[] raw = (level.repeat(20_000) + "\r\nbottom\r\n").getBytes(StandardCharsets.US_ASCII);
        MimeMessage message = MimeMessage.parse(raw);

        Messages.assertWellFormed(message);
        assertEquals(MessageParser.MAX_DEPTH - 1, Messages.maxDepth(message.root()),
                "message/rfc822 nesting should be cut at the depth limit");
        assertTrue(Messages.fetch(message, "BODYSTRUCTURE").startsWith("BODYSTRUCTURE (\"message\" \"rfc822\""),
                "the outer part is still a message/rfc822");
    }

    @Test
    void tenMegabyteLineIsOneLineOfItsPart() {
        byte[] line = new byte[10 * 1024 * 1024];
        Arrays.fill(line, (byte) 'x');
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(("Subject: big\r\nContent-Type: multipart/mixed; boundary=\"z\"\r\n\r\n--z\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        raw.writeBytes(line);
        raw.writeBytes("\r\n--z\r\n\r\nsmall\r\n--z--\r\n".getBytes(StandardCharsets.US_ASCII));
        MimeMessage message = MimeMessage.parse(raw.toByteArray());

        Messages.assertWellFormed(message);
        MimePart big = message.root().children().get(0);
        assertEquals(line.length, big.bodySize(), "the long line is the whole body of part 1");
        assertEquals(0, big.bodyLines(), "its line break belongs to the delimiter");
        assertEquals("BODY[2] {5}\r\nsmall", Messages.fetch(message, "BODY.PEEK[2]"), "the part after it");
        assertEquals("BODY[1]<10485750> {10}\r\nxxxxxxxxxx", Messages.fetch(message, "BODY.PEEK[1]<10485750.100>"),
                "a partial fetch at the end of the long line");
    }

    @Test
    void tenMegabyteHeaderLine() {
        String subject = "s".repeat(10 * 1024 * 1024);
        MimeMessage message = Messages.crlf("Subject: " + subject, "", "body");

        assertEquals(subject, message.envelope().subject().orElseThrow(), "subject survives whole");
        assertEquals(1, message.root().header().fields().size(), "one field");
    }

    @Test
    void unclosedBoundaryRunsToTheEnd() {
        MimeMessage message = Messages.crlf(
                "Content-Type: multipart/mixed; boundary=x",
                "",
                "--x",
                "",
                "first",
                "--x",
                "Content-Type: text/plain",
                "",
                "never closed",
                "");

        Messages.assertWellFormed(message);
        assertEquals(2, message.root().children().size(), "two parts");
        MimePart last = message.root().children().get(1);
        assertEquals(message.raw().length, last.endOffset(), "the last part runs to the end of the message");
        assertEquals(14, last.bodySize(), "the final CRLF stays in the unclosed part");
        assertEquals(1, last.bodyLines(), "one line");
    }

    @Test
    void delimiterInsideAPartHeaderEndsThePart() {
        MimeMessage message = Messages.crlf(
                "Content-Type: multipart/mixed; boundary=x",
                "",
                "--x",
                "Content-Type: text/plain",
                "--x",
                "",
                "second",
                "--x--");

        assertEquals(2, message.root().children().size(), "the delimiter in the header starts part 2");
        MimePart first = message.root().children().get(0);
        assertEquals(0, first.bodySize(), "part 1 has no body");
        assertEquals("BODY[1.MIME] {24}\r\nContent-Type: text/plain", Messages.fetch(message, "BODY[1.MIME]"),
                "its header ends before the line break of the delimiter");
    }

    @Test
    void tenThousandPartsStopAtThePartLimit() {
        int parts = 12_000;
        StringBuilder text = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
        for (int i = 0; i < parts; i++) {
            text.append("--p\r\n\r\npart ").append(i).append("\r\n");
        }
        text.append("--p--\r\n");
        MimeMessage message = MimeMessage.parse(text.toString().getBytes(StandardCharsets.US_ASCII));

        Messages.assertWellFormed(message);
        assertEquals(MessageParser.MAX_PARTS, Messages.countParts(message.root()), "parts are capped");
        MimePart last = message.root().children().get(message.root().children().size() - 1);
        assertTrue(Messages.fetch(message, "BODY.PEEK[" + message.root().children().size() + "]")
                .endsWith("part " + (parts - 1)), "the last part holds the rest, delimiters included");
        assertTrue(last.bodyLines() > 0, "the last part spans many lines");
    }

    @Test
    void tenThousandPartsUnderTheLimitAreAllThere() {
        StringBuilder text = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
        for (int i = 0; i < 9_000; i++) {
            text.append("--p\r\nContent-Type: text/plain; name=\"n").append(i).append("\"\r\n\r\nx\r\n");
        }
        text.append("--p--\r\n");
        MimeMessage message = MimeMessage.parse(text.toString().getBytes(StandardCharsets.US_ASCII));

        assertEquals(9_000, message.root().children().size(), "every part");
        assertEquals("BODY[9000.MIME] {42}\r\nContent-Type: text/plain; name=\"n8999\"\r\n\r\n",
                Messages.fetch(message, "BODY.PEEK[9000.MIME]"), "the last part's MIME header");
    }

    @Test
    void emptyInputAndHeaderWithoutBlankLine() {
        MimeMessage empty = MimeMessage.parse(new byte[0]);
        assertEquals("BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0"
                + " NIL NIL NIL NIL)", Messages.fetch(empty, "BODYSTRUCTURE"),
                "an empty message is an empty text/plain");
        assertEquals("ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)", Messages.fetch(empty, "ENVELOPE"),
                "an empty message has an empty envelope");

        MimeMessage headerOnly = MimeMessage.parse("Subject: x\r\nFrom: a@b".getBytes(StandardCharsets.US_ASCII));
        assertEquals("RFC822.TEXT {0}\r\n", Messages.fetch(headerOnly, "RFC822.TEXT"), "no body");
        assertEquals("BODY[HEADER.FIELDS (FROM)] {11}\r\nFrom: a@b\r\n",
                Messages.fetch(headerOnly, "BODY.PEEK[HEADER.FIELDS (FROM)]"),
                "a last field without line break gets one, and no blank line is invented");
    }

    @Test
    void randomMimeLikeGarbageNeverThrows() {
        String[] pieces = {"--", "--a", "--b--", "\r\n", "\n", "\r", " ", "\t", ":", ";", "\"", "\\", "(", ")", "<",
            ">", "@", ",", "=", "*0*", "x", "\u00e9", "\0", "Content-Type: multipart/mixed; boundary=a\r\n",
            "Content-Type: multipart/digest; boundary=b\r\n", "Content-Type: message/rfc822\r\n",
            "Content-Type: text/plain; name*0*=utf-8''%41; name*2=x\r\n", "From: \"q\\\"\" <a@b>, g: c@d;\r\n",
            "To: (c) <@r,@s:x@[1.2.3.4]>\r\n", "Subject: =?utf-8?q?x?=\r\n\t y\r\n", "\r\n\r\n"};
        Random random = new Random(20240111);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] raw = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            MimeMessage message = MimeMessage.parse(raw);
            Messages.assertWellFormed(message);
            for (String item : ALL_ITEMS) {
                Messages.fetch(message, item);
            }
            long bare = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                    bare++;
                }
            }
            assertEquals(raw.length + bare, message.size(), "RFC822.SIZE counts bare LFs as CRLF: " + text);
        }
    }

    private static MimePart deepest(MimePart part) {
        MimePart deepest = part;
        for (MimePart child : part.children()) {
            MimePart candidate = deepest(child);
            if (candidate.depth() > deepest.depth()) {
                deepest = candidate;
            }
        }
        return deepest;
    }

    private static long count(String text, char c) {
        return text.chars().filter(ch -> ch == c).count();
    }

    @Test
    void aHugePartialCountIsTheRestOfTheSectionNotAnOverflow() {
        MimeMessage message = MimeMessage.parse("Subject: x\r\n\r\nhello\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String item = new String(FetchResponse.item(message, FetchItem.parse("BODY[]<5.9223372036854775807>")),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        org.junit.jupiter.api.Assertions.assertEquals("BODY[]<5> {16}\r\nct: x\r\n\r\nhello\r\n", item);
    }

    @Test
    void aNulInTheMessageIsSentAs0x80InANormalLiteral() {
        MimeMessage message = MimeMessage.parse("Subject: x\r\n\r\na\0b\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String item = new String(FetchResponse.item(message, FetchItem.parse("BODY[TEXT]")), java.nio.charset.StandardCharsets.ISO_8859_1);
        org.junit.jupiter.api.Assertions.assertEquals("BODY[TEXT] {5}\r\na\u0080b\r\n", item);
    }
}
