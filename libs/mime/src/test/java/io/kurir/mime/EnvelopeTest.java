package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Address lists and envelope strings beyond the Dovecot fixtures (RFC 5322 §3.4, §4.4; RFC 3501 §7.4.2). */
class EnvelopeTest {

    private static String envelope(String... headerLines) {
        String[] lines = new String[headerLines.length + 2];
        System.arraycopy(headerLines, 0, lines, 0, headerLines.length);
        lines[headerLines.length] = "";
        lines[headerLines.length + 1] = "body";
        return Messages.fetch(Messages.crlf(lines), "ENVELOPE");
    }

    @Test
    void rfc5322AppendixAddresses() {
        assertEquals("ENVELOPE (NIL NIL ((\"Joe Q. Public\" NIL \"john.q.public\" \"example.com\")) "
                + "((\"Joe Q. Public\" NIL \"john.q.public\" \"example.com\")) "
                + "((\"Joe Q. Public\" NIL \"john.q.public\" \"example.com\")) "
                + "((\"Mary Smith\" NIL \"mary\" \"x.test\")(NIL NIL \"jdoe\" \"example.org\")"
                + "(\"Who?\" NIL \"one\" \"y.test\")) "
                + "((NIL NIL \"boss\" \"nil.test\")({16}\r\nGiant; \"Big\" Box NIL \"sysservices\" \"example.net\")) "
                + "NIL NIL NIL)",
                envelope("From: \"Joe Q. Public\" <john.q.public@example.com>",
                        "To: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>",
                        "Cc: <boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>"),
                "RFC 5322 A.1.2 addresses; a name with quotes goes out as a literal");
    }

    @Test
    void missingPartsAreFilledLikeDovecot() {
        assertEquals(List.of(
                new Address.Mailbox(Optional.empty(), Optional.empty(), "bob", Address.MISSING_DOMAIN),
                new Address.Mailbox(Optional.empty(), Optional.empty(), Address.MISSING_MAILBOX, "x.test"),
                new Address.Mailbox(Optional.empty(), Optional.empty(), Address.MISSING_MAILBOX,
                        Address.MISSING_DOMAIN)),
                AddressParser.parse("bob, @x.test, <>"), "local part or domain missing");
    }

    @Test
    void routesLiteralsAndComments() {
        assertEquals(List.of(
                new Address.Mailbox(Optional.empty(), Optional.of("@a.test,@b.test"), "c", "d.test"),
                new Address.Mailbox(Optional.of("Real Name"), Optional.empty(), "x", "[192.0.2.1]"),
                new Address.Mailbox(Optional.of("Name"), Optional.empty(), "y", "e.test")),
                AddressParser.parse("<@a.test,@b.test:c@d.test>, x@[192.0.2.1] (Real Name),\r\n"
                        + " Name (not this) <y@e.test>"),
                "source route kept, domain literal with brackets, a comment names only a bare address");
    }

    @Test
    void groupsNestTheirMembers() {
        assertEquals(List.of(
                new Address.GroupStart("A Group"),
                new Address.Mailbox(Optional.of("Ed Jones"), Optional.empty(), "c", "a.test"),
                new Address.Mailbox(Optional.empty(), Optional.empty(), "joe", "where.test"),
                new Address.GroupEnd(),
                new Address.Mailbox(Optional.empty(), Optional.empty(), "after", "group.test")),
                AddressParser.parse("A Group:Ed Jones <c@a.test>,joe@where.test;, after@group.test"),
                "RFC 5322 A.1.3 group, then one more address");
        assertEquals(List.of(new Address.GroupStart("open"), new Address.GroupEnd()),
                AddressParser.parse("open: "), "a group without ';' still ends");
    }

    @Test
    void garbageStopsTheListButKeepsWhatWasRead() {
        assertEquals(List.of(new Address.Mailbox(Optional.empty(), Optional.empty(), "a", "b.test"),
                new Address.Mailbox(Optional.empty(), Optional.empty(), "c", Address.MISSING_DOMAIN)),
                AddressParser.parse("a@b.test, c d@e.test, f@g.test"), "reading stops after 'c'");
        assertEquals(List.of(), AddressParser.parse("  "), "blank header: no addresses (NIL)");
    }

    @Test
    void subjectAndDisplayNamesAreCleanedForHumans() {
        assertEquals("ENVELOPE (NIL {3}\r\na b NIL NIL NIL NIL NIL NIL NIL NIL)", envelope("Subject:  a \t b "),
                "blank runs collapse and the result is a literal");
        assertEquals("ENVELOPE (NIL \"\" NIL NIL NIL NIL NIL NIL NIL NIL)", envelope("Subject:   "),
                "a blank subject is an empty string");
        assertEquals("ENVELOPE (NIL \"\" NIL NIL NIL NIL NIL NIL NIL NIL)", envelope("Subject:"),
                "an empty subject is an empty string");
    }

    @Test
    void rawStringsLoseOnlyTheirLineBreaks() {
        assertEquals("ENVELOPE (\"Mon, 1 Jan 2024 00:00:00 +0000\" NIL NIL NIL NIL NIL NIL NIL "
                + "\"<a@b> <c@d>\" \"<id\\\"x@y>\")",
                envelope("Date: Mon, 1 Jan 2024", " 00:00:00 +0000", "In-Reply-To: <a@b>", " <c@d>",
                        "Message-ID: <id\"x@y>"),
                "folding CR/LF dropped, the blank after it kept, quotes escaped");
    }

    @Test
    void emptySenderAndReplyToFallBackToFrom() {
        assertEquals("ENVELOPE (NIL NIL ((\"Ann\" NIL \"ann\" \"a.test\")) ((\"Ann\" NIL \"ann\" \"a.test\")) "
                + "((\"Ann\" NIL \"ann\" \"a.test\")) ((NIL NIL \"g\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL)",
                envelope("From: ann@a.test (Ann)", "Sender: ", "Reply-To:", "To: g: (nobody) ;"),
                "blank Sender/Reply-To act as absent; a group holding only a comment is empty");
    }

    @Test
    void firstOccurrenceWins() {
        assertEquals("ENVELOPE (NIL \"one\" ((NIL NIL \"a\" \"b\")) ((NIL NIL \"a\" \"b\")) ((NIL NIL \"a\" \"b\")) "
                + "NIL NIL NIL NIL NIL)",
                envelope("Subject: one", "From: a@b", "Subject: two", "From: c@d"),
                "later duplicates are ignored");
    }
}
