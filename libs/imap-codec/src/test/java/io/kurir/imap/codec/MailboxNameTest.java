package io.kurir.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.imap.codec.MailboxName.Decoding;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Modified UTF-7 (RFC 3501 section 5.1.3): known names, round trips, and every way to get it wrong. */
class MailboxNameTest {

    static Stream<Arguments> knownNames() {
        return Stream.of(
                Arguments.of("INBOX", "INBOX"),
                Arguments.of("", ""),
                // The example of RFC 3501 section 5.1.3.
                Arguments.of("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
                Arguments.of("&", "&-"),
                Arguments.of("Tom & Jerry", "Tom &- Jerry"),
                Arguments.of("Entw\u00fcrfe", "Entw&APw-rfe"),
                Arguments.of("\u00e9t\u00e9", "&AOk-t&AOk-"),
                Arguments.of("\u00e9&", "&AOk-&-"),
                Arguments.of("Gel\u00f6schte Elemente", "Gel&APY-schte Elemente"),
                Arguments.of("\u041e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043d\u044b\u0435",
                        "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"),
                Arguments.of("\ud83d\udce7 Mail", "&2D3c5w- Mail"),
                Arguments.of("\u00a0", "&AKA-"),
                Arguments.of("a~b+c/d\\e", "a~b+c/d\\e"));
    }

    @ParameterizedTest
    @MethodSource("knownNames")
    void encodesAndDecodesKnownNames(String unicode, String wire) {
        assertEquals(wire, MailboxName.encodeModifiedUtf7(unicode));
        assertEquals(new Decoding.Decoded(unicode), MailboxName.decodeModifiedUtf7(wire));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("&", "\"&\" starts a shift sequence that does not end with \"-\""),
                Arguments.of("a&AOk", "\"&\" starts a shift sequence that does not end with \"-\""),
                Arguments.of("&AOk-&AOk-", "two adjacent shift sequences must be written as one"),
                Arguments.of("&AGE-", "printable US-ASCII \"a\" must not be written in modified BASE64"),
                Arguments.of("&ACY-", "printable US-ASCII \"&\" must not be written in modified BASE64"),
                Arguments.of("&AOk/-", "\"/\" is not a modified BASE64 character"),
                Arguments.of("&AOk=-", "\"=\" is not a modified BASE64 character"),
                Arguments.of("&A-", "modified BASE64 does not end on a whole UTF-16 character"),
                Arguments.of("&AO-", "modified BASE64 does not end on a whole UTF-16 character"),
                Arguments.of("&AOl-", "modified BASE64 has non-zero padding bits"),
                Arguments.of("&2D0-", "unpaired UTF-16 surrogate"),
                Arguments.of("&3Oc-", "unpaired UTF-16 surrogate"),
                Arguments.of("&2D3YPQ-", "unpaired UTF-16 surrogate"),
                Arguments.of("Entw\u00fcrfe", "character U+00FC must be written in modified BASE64"),
                Arguments.of("tab\there", "character U+0009 must be written in modified BASE64"),
                Arguments.of("del\u007f", "character U+007F must be written in modified BASE64"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesMalformedModifiedUtf7WithAReason(String wire, String reason) {
        assertEquals(new Decoding.Malformed(reason), MailboxName.decodeModifiedUtf7(wire));
    }

    @Test
    void controlCharactersAreRefusedEvenWhenEncoded() {
        assertEquals(new Decoding.Malformed("control character U+0001 in mailbox name"),
                MailboxName.fromWire(bytes("&AAE-"), MailboxEncoding.MODIFIED_UTF7));
        assertEquals(new Decoding.Malformed("control character U+0085 in mailbox name"),
                MailboxName.fromWire(bytes("&AIU-"), MailboxEncoding.MODIFIED_UTF7));
        assertEquals(new Decoding.Malformed("control character U+0009 in mailbox name"),
                MailboxName.fromWire("a\tb".getBytes(StandardCharsets.UTF_8), MailboxEncoding.UTF8));
        assertThrows(IllegalArgumentException.class, () -> new MailboxName("bad\nname"));
    }

    @Test
    void eightBitNamesNeedUtf8Accept() {
        assertEquals(new Decoding.Malformed("8-bit octets are only allowed after ENABLE UTF8=ACCEPT;"
                + " other names are written in modified UTF-7"),
                MailboxName.fromWire("Entw\u00fcrfe".getBytes(StandardCharsets.UTF_8), MailboxEncoding.MODIFIED_UTF7));
    }

    @Test
    void utf8SessionsTakeNamesAsTheyAre() {
        assertEquals(new Decoding.Decoded("Entw\u00fcrfe"),
                MailboxName.fromWire("Entw\u00fcrfe".getBytes(StandardCharsets.UTF_8), MailboxEncoding.UTF8));
        assertEquals(new Decoding.Decoded("&AOk-"), MailboxName.fromWire(bytes("&AOk-"), MailboxEncoding.UTF8));
        assertEquals(new Decoding.Malformed("not valid UTF-8"),
                MailboxName.fromWire(new byte[] {'a', (byte) 0xc3}, MailboxEncoding.UTF8));
        assertEquals("Entw\u00fcrfe", new MailboxName("Entw\u00fcrfe").wire(MailboxEncoding.UTF8));
        assertEquals("Entw&APw-rfe", new MailboxName("Entw\u00fcrfe").wire(MailboxEncoding.MODIFIED_UTF7));
    }

    @Test
    void inboxIsCaseInsensitiveButItsChildrenAreNot() {
        assertEquals(MailboxName.INBOX, new MailboxName("inbox"));
        assertEquals(MailboxName.INBOX, new MailboxName("InBoX"));
        assertTrue(new MailboxName("iNbOx").isInbox());
        assertEquals("inbox/Sub", new MailboxName("inbox/Sub").name());
    }

    @Test
    void theParserAnswersBadNamesWithNo() {
        ImapCommand parsed = ImapCommandParser.parse(ImapInput.Command.of("a1 SELECT &Jjo"));
        assertEquals(new ImapCommand.Invalid(Optional.of("a1"), ImapResponse.Status.NO, Optional.empty(),
                "SELECT: mailbox name is not valid modified UTF-7: \"&\" starts a shift sequence that does not end with \"-\""),
                parsed);
        ImapCommand utf8 = ImapCommandParser.parse(ImapInput.Command.of("a1 CREATE \"\u00ff\""), MailboxEncoding.UTF8);
        assertEquals(new ImapCommand.Invalid(Optional.of("a1"), ImapResponse.Status.NO, Optional.empty(),
                "CREATE: mailbox name is not valid UTF-8: not valid UTF-8"), utf8);
        ImapCommand pattern = ImapCommandParser.parse(ImapInput.Command.of("a1 LIST \"\" &-&"));
        assertEquals(ImapResponse.Status.NO, ((ImapCommand.Invalid) pattern).status());
    }

    @Test
    void utf8SessionsParseUtf8Names() {
        ParserFixture.assertParses(new ImapCommand.Select("a1", new MailboxName("Entw\u00fcrfe"), ImapCommand.SelectOptions.NONE),
                "a1 SELECT \"Entw\u00c3\u00bcrfe\"", MailboxEncoding.UTF8);
        ParserFixture.assertParses(new ImapCommand.Select("a1", new MailboxName("&AOk-"), ImapCommand.SelectOptions.NONE),
                "a1 SELECT &AOk-", MailboxEncoding.UTF8);
        ParserFixture.assertParses(ImapCommand.ListMailboxes.basic("a1", "", "\u00e9t\u00e9/*"),
                "a1 LIST \"\" {7}\r\n\u00c3\u00a9t\u00c3\u00a9/*", MailboxEncoding.UTF8);
    }

    @Test
    void encodingRefusesUnpairedSurrogates() {
        assertThrows(IllegalArgumentException.class, () -> MailboxName.encodeModifiedUtf7("a\ud800b"));
        assertThrows(IllegalArgumentException.class, () -> MailboxName.encodeModifiedUtf7("\udc00"));
    }

    /** Random names over ASCII, &, Latin, CJK, controls and surrogate pairs: decode(encode(s)) == s, and the wire form is canonical. */
    @Test
    void randomNamesRoundTrip() {
        Random random = new Random(3501);
        String[] pieces = {"a", "Z", "&", "-", " ", "/", ".", "~", "\u00e9", "\u00fc", "\u20ac", "\u53f0", "\u65e5",
            "\ud83d\udce7", "\u00a0", "\u0001", "+", ",", "&-"};
        for (int n = 0; n < 5000; n++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(12);
            for (int k = 0; k < length; k++) {
                name.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = name.toString();
            String wire = MailboxName.encodeModifiedUtf7(text);
            assertTrue(wire.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), "7-bit printable: " + wire);
            assertEquals(new Decoding.Decoded(text), MailboxName.decodeModifiedUtf7(wire), "round trip of " + wire);
        }
    }

    /** Random wire strings: whatever decodes must encode back to exactly the same wire form (one spelling per name). */
    @Test
    void everyAcceptedWireFormIsCanonical() {
        Random random = new Random(9051);
        String alphabet = "&-AOkBCDwy+,/a ";
        int accepted = 0;
        for (int n = 0; n < 20000; n++) {
            StringBuilder wire = new StringBuilder();
            int length = random.nextInt(10);
            for (int k = 0; k < length; k++) {
                wire.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (MailboxName.decodeModifiedUtf7(wire.toString()) instanceof Decoding.Decoded decoded) {
                accepted++;
                assertEquals(wire.toString(), MailboxName.encodeModifiedUtf7(decoded.text()), "canonical form of " + wire);
            }
        }
        assertTrue(accepted > 1000, "enough accepted samples: " + accepted);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
