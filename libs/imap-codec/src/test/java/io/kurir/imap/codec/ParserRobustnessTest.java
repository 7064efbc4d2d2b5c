package io.kurir.imap.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser never throws on client input, and whatever it refuses gets a short, printable reply:
 * random bytes, every prefix of valid commands, and random mutations of them. Fixed seeds.
 */
class ParserRobustnessTest {

    private static final List<String> VALID = List.of(
            "a1 LOGIN {4}\r\nfred {6+}\r\nsecret",
            "a1 AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0",
            "a1 ID (\"name\" \"x\" \"version\" NIL)",
            "a1 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500 15000,22500)))",
            "a1 CREATE Drafts (USE (\\Drafts))",
            "a1 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"%\" Other/*) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))",
            "a1 STATUS Entw&APw-rfe (MESSAGES UIDNEXT)",
            "a1 APPEND INBOX (\\Seen $X) \" 7-Feb-1994 21:52:25 -0800\" {3}\r\nabc ~{2}\r\n\0\1",
            "a1 UID SEARCH RETURN (MIN COUNT SAVE) CHARSET UTF-8 OR (FROM \"a\" TO b) NOT (1:5,* UID $) SINCE 1-Feb-1994",
            "a1 SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338 HEADER X-Y {2}\r\nzz LARGER 5 OLDER 9",
            "a1 UID FETCH 1:* (FLAGS BODY.PEEK[1.2.HEADER.FIELDS.NOT (A B)]<0.10> BINARY[3]<5.6> BINARY.SIZE[1]) (CHANGEDSINCE 5 VANISHED)",
            "a1 STORE 1,2:* (UNCHANGEDSINCE 7) -FLAGS.SILENT (\\Deleted $Junk)",
            "a1 UID SORT RETURN (ALL) (REVERSE DATE SUBJECT) UTF-8 UNSEEN",
            "a1 THREAD REFERENCES US-ASCII TEXT \"x\"",
            "a1 UID MOVE 1:3 \"Junk E-mail\"",
            "a1 GETQUOTAROOT INBOX");

    private static void assertSafe(byte[] command) {
        ImapCommand parsed = ImapCommandParser.parse(command, MailboxEncoding.MODIFIED_UTF7);
        ImapCommandParser.parse(command, MailboxEncoding.UTF8);
        if (parsed instanceof ImapCommand.Invalid invalid) {
            String text = invalid.text();
            assertTrue(text.length() < 200, "short reply: " + text);
            assertTrue(text.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable reply: " + text);
            invalid.response();
        } else if (parsed instanceof ImapCommand.Unknown unknown) {
            unknown.response();
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(9051);
        byte[] alphabet = DecoderDriver.octets("a1 ()[]<>{}+~\"\\\r\n0123456789*:,$.-%&SEARCHFETCHBODY");
        for (int run = 0; run < 20000; run++) {
            byte[] bytes = new byte[random.nextInt(60)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            assertSafe(bytes);
        }
    }

    @Test
    void everyPrefixOfAValidCommandIsSafe() {
        for (String line : VALID) {
            byte[] bytes = DecoderDriver.octets(line);
            for (int end = 0; end <= bytes.length; end++) {
                assertSafe(java.util.Arrays.copyOf(bytes, end));
            }
        }
    }

    @Test
    void mutationsOfValidCommandsAreSafe() {
        Random random = new Random(3501);
        byte[] specials = DecoderDriver.octets("()[]<>{}\"\\ *:,.0~+$\r\n");
        for (String line : VALID) {
            byte[] original = DecoderDriver.octets(line);
            for (int run = 0; run < 2000; run++) {
                byte[] bytes = original.clone();
                for (int m = 1 + random.nextInt(3); m > 0; m--) {
                    bytes[random.nextInt(bytes.length)] = random.nextBoolean()
                            ? specials[random.nextInt(specials.length)] : (byte) random.nextInt(256);
                }
                assertSafe(bytes);
            }
        }
    }

    @Test
    void theValidCommandsAreValid() {
        for (String line : VALID) {
            ImapCommand parsed = ImapCommandParser.parse(ImapInput.Command.of(line));
            assertTrue(!(parsed instanceof ImapCommand.Invalid) && !(parsed instanceof ImapCommand.Unknown), line + " -> " + parsed);
        }
    }
}
