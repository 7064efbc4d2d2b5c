package io.kurir.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kurir.imap.codec.ImapResponse.Status;
import io.kurir.imap.codec.ImapResponse.TextMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Status lines, continuation requests, and the quoting rules of the data builder. */
class ImapResponseTest {

    private static String wire(ImapResponse response) {
        return new String(response.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void taggedAndUntaggedStatusLines() {
        assertEquals("a1 OK LOGIN completed\r\n", wire(ImapResponse.tagged("a1", Status.OK, "LOGIN completed")));
        assertEquals("a2 NO [TRYCREATE] No such mailbox\r\n", wire(ImapResponse.tagged("a2", Status.NO,
                ResponseCode.of(ResponseCode.Kind.TRYCREATE), "No such mailbox")));
        assertEquals("a3 OK [READ-WRITE] SELECT completed\r\n", wire(ImapResponse.tagged("a3", Status.OK,
                ResponseCode.of(ResponseCode.Kind.READ_WRITE), "SELECT completed")));
        assertEquals("* OK [UIDNEXT 4392] Predicted next UID\r\n", wire(ImapResponse.untagged(Status.OK,
                ResponseCode.of(ResponseCode.Kind.UIDNEXT, "4392"), "Predicted next UID")));
        assertEquals("* BYE Logging out\r\n", wire(ImapResponse.untagged(Status.BYE, "Logging out")));
        assertEquals("* PREAUTH [CAPABILITY IMAP4rev2] ready\r\n", wire(ImapResponse.untagged(Status.PREAUTH,
                ResponseCode.of(ResponseCode.Kind.CAPABILITY, "IMAP4rev2"), "ready")));
        assertEquals("a4 OK [CLOSED] \r\n", wire(ImapResponse.tagged("a4", Status.OK,
                Optional.of(ResponseCode.of(ResponseCode.Kind.CLOSED)), "")));
        assertEquals("a5 OK\r\n", wire(ImapResponse.tagged("a5", Status.OK, "")));
    }

    @Test
    void statusLinesRefuseBadTagsAndUntaggedOnlyStatuses() {
        assertThrows(IllegalArgumentException.class, () -> ImapResponse.tagged("a 1", Status.OK, "x"));
        assertThrows(IllegalArgumentException.class, () -> ImapResponse.tagged("*", Status.OK, "x"));
        assertThrows(IllegalArgumentException.class, () -> ImapResponse.tagged("a1", Status.BYE, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> ResponseCode.of(ResponseCode.Kind.ALERT, "two\r\nlines"));
    }

    @Test
    void humanTextCannotBreakTheLine() {
        assertEquals("a1 BAD bad  input * OK injected\r\n",
                wire(ImapResponse.tagged("a1", Status.BAD, "bad\r\ninput * OK injected")));
        assertEquals("* OK caf?\r\n", wire(ImapResponse.untagged(Status.OK, "caf\u00e9")));
        assertEquals("* OK caf\u00e9\r\n", wire(ImapResponse.untagged().textMode(TextMode.UTF8).raw("OK").sp()
                .text("caf\u00e9").build()));
        assertEquals("* OK ? mail\r\n", wire(ImapResponse.untagged(Status.OK, "\ud83d\udce7 mail")));
    }

    @Test
    void continuationRequests() {
        assertEquals("+ Ready for literal data\r\n", wire(ImapResponse.READY_FOR_LITERAL));
        assertEquals("+ idling\r\n", wire(ImapResponse.continuation("idling")));
        assertEquals("+ \r\n", wire(ImapResponse.challenge(new byte[0])));
        assertEquals("+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n", wire(ImapResponse.challenge(
                "<1896.697170952@postoffice.reston.mci.net>".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void stringsAreQuotedWhenTheyCanBe() {
        assertEquals("* \"hello world\" \"\" \"a\\\"b\\\\c\"\r\n", wire(ImapResponse.untagged()
                .string("hello world").sp().string("").sp().string("a\"b\\c").build()));
    }

    @Test
    void lineBreaksNulAndEightBitForceALiteral() {
        assertEquals("* {5}\r\na\r\nbc\r\n", wire(ImapResponse.untagged().string("a\r\nbc").build()));
        assertEquals("* {3}\r\na\nb\r\n", wire(ImapResponse.untagged().string("a\nb").build()));
        assertEquals("* {3}\r\na\0b\r\n", wire(ImapResponse.untagged().string("a\0b").build()));
        assertEquals("* {5}\r\ncaf\u00c3\u00a9\r\n", new String(ImapResponse.untagged().string("caf\u00e9").build().bytes(),
                StandardCharsets.ISO_8859_1));
        assertEquals("* \"caf\u00e9\"\r\n", wire(ImapResponse.untagged().textMode(TextMode.UTF8).string("caf\u00e9").build()));
        assertEquals("* {3}\r\na\rb\r\n", wire(ImapResponse.untagged().textMode(TextMode.UTF8).string("a\rb").build()));
    }

    @Test
    void nilNstringAstringAndNumbers() {
        assertEquals("* NIL \"x\" NIL 42\r\n", wire(ImapResponse.untagged().nil().sp().nstring(Optional.of("x")).sp()
                .nstring(Optional.empty()).sp().number(42).build()));
        assertEquals("* INBOX \"NIL\" \"two words\" \"\" a]b \"%\"\r\n", wire(ImapResponse.untagged().astring("INBOX").sp()
                .astring("NIL").sp().astring("two words").sp().astring("").sp().astring("a]b").sp().astring("%").build()));
        assertThrows(IllegalArgumentException.class, () -> ImapResponse.untagged().number(-1));
    }

    @Test
    void mailboxNamesAreEncodedForTheSession() {
        MailboxName drafts = new MailboxName("Entw\u00fcrfe");
        assertEquals("* LIST (\\HasNoChildren) \"/\" Entw&APw-rfe\r\n", wire(ImapResponse.untagged().raw("LIST").sp().open()
                .raw("\\HasNoChildren").close().sp().string("/").sp().mailbox(drafts, MailboxEncoding.MODIFIED_UTF7).build()));
        assertEquals("* LIST () \"/\" \"Entw\u00fcrfe\"\r\n", wire(ImapResponse.untagged().textMode(TextMode.UTF8).raw("LIST")
                .sp().open().close().sp().string("/").sp().mailbox(drafts, MailboxEncoding.UTF8).build()));
        assertEquals("* STATUS \"Sent Items\" (MESSAGES 3)\r\n", wire(ImapResponse.untagged().raw("STATUS").sp()
                .mailbox(new MailboxName("Sent Items"), MailboxEncoding.MODIFIED_UTF7).sp().raw("(MESSAGES 3)").build()));
    }

    @Test
    void flagsLiteralsAndCodes() {
        assertEquals("* FLAGS (\\Answered \\Seen $Forwarded)\r\n", wire(ImapResponse.untagged().raw("FLAGS").sp()
                .flags(List.of(Flag.ANSWERED, Flag.SEEN, new Flag("$Forwarded"))).build()));
        assertEquals("* 1 FETCH (BINARY[] ~{2}\r\n\0\1)\r\n", wire(ImapResponse.untagged().number(1).sp().raw("FETCH").sp()
                .open().raw("BINARY[]").sp().literal8(new byte[] {0, 1}).close().build()));
        assertEquals("* NO [BADCHARSET (US-ASCII UTF-8)] no\r\n", wire(ImapResponse.untagged(Status.NO,
                ResponseCode.badCharset(List.of("US-ASCII", "UTF-8")), "no")));
        assertEquals("* OK [ALERT] x\r\n", wire(ImapResponse.untagged().raw("OK").sp().code(ResponseCode.of(ResponseCode.Kind.ALERT))
                .sp().text("x").build()));
        assertThrows(IllegalArgumentException.class, () -> ImapResponse.untagged().raw("a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> ImapResponse.untagged().raw("\u00e9"));
    }

    @Test
    void equalityAndToStringShowTheWireForm() {
        assertEquals(ImapResponse.continuation("Ready for literal data"), ImapResponse.READY_FOR_LITERAL);
        assertEquals("+ Ready for literal data\\r\\n", ImapResponse.READY_FOR_LITERAL.toString());
    }
}
