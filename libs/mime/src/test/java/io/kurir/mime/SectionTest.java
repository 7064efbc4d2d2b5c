package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BODY[section] parsing and extraction beyond the Dovecot fixtures (RFC 3501 §6.4.5). */
class SectionTest {

    private static final MimeMessage NESTED = Messages.crlf(
            "Subject: nested",
            "Content-Type: multipart/mixed; boundary=o",
            "",
            "--o",
            "Content-Type: message/rfc822",
            "",
            "Subject: inner",
            "X-Other: 1",
            "",
            "inner body",
            "--o",
            "Content-Type: text/plain",
            "",
            "second",
            "--o--",
            "");

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"0", "1.", "1..2", "MIME", "HEADER.FIELDS ()", "HEADER.FIELDS", "FOO", "1.BAR",
        "99999999999"})
    void rejectsMalformedSections(String spec) {
        assertThrows(IllegalArgumentException.class, () -> Section.parse(spec), "not a section: " + spec);
    }

    @Test
    void parsesEverySectionForm() {
        assertEquals(new Section(List.of(), Section.Text.ALL, List.of()), Section.parse(""), "whole message");
        assertEquals(new Section(List.of(1, 2, 3), Section.Text.ALL, List.of()), Section.parse("1.2.3"), "path");
        assertEquals(new Section(List.of(2), Section.Text.HEADER_FIELDS_NOT, List.of("SUBJECT", "x-a b")),
                Section.parse("2.header.fields.not (SUBJECT \"x-a b\")"), "field list with a quoted name");
    }

    @Test
    void inheritsThePartsOfAnEncapsulatedMessage() {
        assertEquals("BODY[1.HEADER] {30}\r\nSubject: inner\r\nX-Other: 1\r\n\r\n",
                Messages.fetch(NESTED, "BODY.PEEK[1.HEADER]"), "HEADER of a message/rfc822 part");
        assertEquals("BODY[1.TEXT] {10}\r\ninner body", Messages.fetch(NESTED, "BODY.PEEK[1.TEXT]"),
                "TEXT of a message/rfc822 part");
        assertEquals("BODY[1.1] {10}\r\ninner body", Messages.fetch(NESTED, "BODY.PEEK[1.1]"),
                "1.1 is the body of a non-multipart encapsulated message");
        assertEquals("BODY[1.HEADER.FIELDS.NOT (SUBJECT)] {14}\r\nX-Other: 1\r\n\r\n",
                Messages.fetch(NESTED, "BODY.PEEK[1.HEADER.FIELDS.NOT (Subject)]"),
                "HEADER.FIELDS.NOT inside, names echoed upper case");
        assertEquals("BODY[1.MIME] {32}\r\nContent-Type: message/rfc822\r\n\r\n",
                Messages.fetch(NESTED, "BODY.PEEK[1.MIME]"), "MIME of the message/rfc822 part itself");
    }

    @Test
    void missingPartsAreEmpty() {
        assertEquals("BODY[3] {0}\r\n", Messages.fetch(NESTED, "BODY.PEEK[3]"), "no part 3");
        assertEquals("BODY[2.2] {0}\r\n", Messages.fetch(NESTED, "BODY.PEEK[2.2]"), "no part 2.2");
        assertEquals("BODY[]<500> {0}\r\n", Messages.fetch(NESTED, "BODY[]<500.10>"), "origin past the end");
    }

    @Test
    void oneBelowANonMultipartIsThePartItself() {
        assertEquals("BODY[2.1.1] {6}\r\nsecond", Messages.fetch(NESTED, "BODY.PEEK[2.1.1]"),
                "Dovecot resolves 1 inside a non-multipart to the same part");
    }

    @Test
    void rfc822ItemsAndPartials() {
        MimeMessage message = Messages.crlf("Subject: s", "", "text");
        assertEquals("RFC822 {18}\r\nSubject: s\r\n\r\ntext", Messages.fetch(message, "RFC822"), "whole message");
        assertEquals("RFC822.HEADER {14}\r\nSubject: s\r\n\r\n", Messages.fetch(message, "RFC822.HEADER"), "header");
        assertEquals("RFC822.TEXT {4}\r\ntext", Messages.fetch(message, "RFC822.TEXT"), "body");
        assertEquals("BODY[]<16> {2}\r\nxt", Messages.fetch(message, "BODY[]<16.5>"), "partial clipped at the end");
        assertEquals("BODY[header.fields (SUBJECT)] {14}\r\nSubject: s\r\n\r\n",
                Messages.fetch(message, "body.peek[header.fields (subject)]"), "lower-case command");
    }

    @Test
    void bareLineFeedsAreServedAsCrlf() {
        MimeMessage message = MimeMessage.parse(
                "Subject: lf\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\none\ntwo\n--b--\n"
                        .getBytes(StandardCharsets.US_ASCII));
        assertEquals(message.raw().length + 8, message.size(), "RFC822.SIZE counts each LF as CRLF");
        assertEquals("BODY[1] {8}\r\none\r\ntwo", Messages.fetch(message, "BODY.PEEK[1]"), "CRLF in the section");
        assertEquals("BODY ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 8 1) \"mixed\")",
                Messages.fetch(message, "BODY"), "sizes as served");
    }

    @Test
    void digestPartsDefaultToMessageRfc822() {
        MimeMessage digest = Messages.crlf(
                "Content-Type: multipart/digest; boundary=d",
                "",
                "--d",
                "",
                "Subject: one",
                "",
                "first",
                "--d--");
        assertEquals("BODY ((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 21 "
                + "(NIL \"one\" NIL NIL NIL NIL NIL NIL NIL NIL) "
                + "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 5 0) 2) \"digest\")",
                Messages.fetch(digest, "BODY"), "RFC 2046 §5.1.5 default");
    }

    @Test
    void fetchListsAreParsed() {
        assertEquals(List.of(FetchItem.Simple.ENVELOPE, FetchItem.Simple.RFC822_SIZE),
                FetchItem.parseList("(envelope RFC822.SIZE)"), "two simple items");
        assertThrows(IllegalArgumentException.class, () -> FetchItem.parseList("(FLAGS)"),
                "mailbox items belong to the server");
        assertThrows(IllegalArgumentException.class, () -> FetchItem.parseList("BODY[TEXT]<5>"),
                "a partial needs a count");
    }
}
