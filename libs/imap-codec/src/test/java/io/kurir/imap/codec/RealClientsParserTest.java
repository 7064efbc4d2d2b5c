package io.kurir.imap.codec;

import static io.kurir.imap.codec.ParserFixture.assertParses;

import io.kurir.imap.codec.FetchAttribute.BodySection;
import io.kurir.imap.codec.FetchAttribute.Section;
import io.kurir.imap.codec.FetchAttribute.SectionText;
import io.kurir.imap.codec.FetchAttribute.Simple;
import io.kurir.imap.codec.ImapCommand.Numbering;
import io.kurir.imap.codec.ImapCommand.SelectOptions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The odd-but-legal forms real clients send, each with the record it must give. */
class RealClientsParserTest {

    private static SequenceSet set(String text) {
        return SequenceSet.parse(text).orElseThrow();
    }

    private static BodySection headerFields(boolean peek, String... fields) {
        return new BodySection(new Section(List.of(), Optional.of(SectionText.HEADER_FIELDS), List.of(fields)),
                Optional.empty(), peek);
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                // Thunderbird: lower-case command names, "UID fetch", "+Flags", LIST-EXTENDED with RETURN.
                Arguments.of("Thunderbird", "8 UID fetch 1:* (FLAGS)",
                        new ImapCommand.Fetch("8", Numbering.UID, set("1:*"), List.of(Simple.FLAGS), OptionalLong.empty(), false)),
                Arguments.of("Thunderbird", "13 uid store 431 +Flags (\\Seen)",
                        new ImapCommand.Store("13", Numbering.UID, set("431"), OptionalLong.empty(), ImapCommand.StoreAction.ADD,
                                false, List.of(Flag.SEEN))),
                Arguments.of("Thunderbird", "5 list (subscribed) \"\" \"*\" return (special-use)",
                        new ImapCommand.ListMailboxes("5", Set.of(ImapCommand.ListSelectOption.SUBSCRIBED), "", List.of("*"),
                                Set.of(ImapCommand.ListReturnOption.SPECIAL_USE), List.of())),
                Arguments.of("Thunderbird", "10 UID fetch 410:* (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (From To Subject)])",
                        new ImapCommand.Fetch("10", Numbering.UID, set("410:*"), List.of(Simple.UID, Simple.RFC822_SIZE,
                                Simple.FLAGS, headerFields(true, "From", "To", "Subject")), OptionalLong.empty(), false)),
                Arguments.of("Thunderbird", "7 select \"INBOX\" (CONDSTORE)",
                        new ImapCommand.Select("7", MailboxName.INBOX, new SelectOptions(true, Optional.empty()))),
                // Apple Mail: dotted tags, empty LIST pattern, search without parentheses.
                Arguments.of("Apple Mail", "4.1 LIST \"\" \"\"", ImapCommand.ListMailboxes.basic("4.1", "", "")),
                Arguments.of("Apple Mail", "7.1 UID SEARCH 1:* NOT DELETED",
                        new ImapCommand.Search("7.1", Numbering.UID, Optional.empty(), Optional.empty(),
                                SearchKey.And.of(new SearchKey.Sequence(set("1:*")), new SearchKey.Not(new SearchKey.HasFlag(Flag.DELETED))))),
                Arguments.of("Apple Mail", "9.1 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)",
                        new ImapCommand.Fetch("9.1", Numbering.UID, set("1:*"), List.of(Simple.FLAGS), OptionalLong.of(12345), false)),
                Arguments.of("Apple Mail", "10.1 STATUS \"Sent Messages\" (MESSAGES UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)",
                        new ImapCommand.Status("10.1", new MailboxName("Sent Messages"), List.of(ImapCommand.StatusItem.MESSAGES,
                                ImapCommand.StatusItem.UIDNEXT, ImapCommand.StatusItem.UIDVALIDITY, ImapCommand.StatusItem.UNSEEN,
                                ImapCommand.StatusItem.HIGHESTMODSEQ))),
                // mutt: upper-case header names in HEADER.FIELDS, -FLAGS.SILENT with a compound set.
                Arguments.of("mutt", "a0010 UID STORE 3,5:7 -FLAGS.SILENT (\\Deleted)",
                        new ImapCommand.Store("a0010", Numbering.UID, set("3,5:7"), OptionalLong.empty(),
                                ImapCommand.StoreAction.REMOVE, true, List.of(Flag.DELETED))),
                Arguments.of("mutt", "a0003 LSUB \"\" \"*\"", new ImapCommand.Lsub("a0003", "", "*")),
                Arguments.of("mutt", "a0009 UID FETCH 5 BODY.PEEK[]",
                        new ImapCommand.Fetch("a0009", Numbering.UID, set("5"),
                                List.of(new BodySection(Section.WHOLE, Optional.empty(), true)), OptionalLong.empty(), false)),
                // mbsync: a huge upper bound instead of *, flags without parentheses, LITERAL+.
                Arguments.of("mbsync", "7 UID FETCH 1:1000000000 (UID FLAGS)",
                        new ImapCommand.Fetch("7", Numbering.UID, set("1:1000000000"), List.of(Simple.UID, Simple.FLAGS),
                                OptionalLong.empty(), false)),
                Arguments.of("mbsync", "8 UID STORE 12 +FLAGS.SILENT \\Seen",
                        new ImapCommand.Store("8", Numbering.UID, set("12"), OptionalLong.empty(), ImapCommand.StoreAction.ADD,
                                true, List.of(Flag.SEEN))),
                Arguments.of("mbsync", "9 APPEND \"INBOX\" (\\Seen) {2+}\r\nhi",
                        new ImapCommand.Append("9", MailboxName.INBOX, List.of(new ImapCommand.AppendMessage(List.of(Flag.SEEN),
                                Optional.empty(), "hi".getBytes(java.nio.charset.StandardCharsets.US_ASCII), false)))),
                Arguments.of("mbsync", "10 UID SEARCH HEADER X-TUID \"GmLzwSEU3d0x\"",
                        new ImapCommand.Search("10", Numbering.UID, Optional.empty(), Optional.empty(),
                                new SearchKey.Header("X-TUID", "GmLzwSEU3d0x"))),
                // imaplib: flags as a bare atom, RFC822 fetch, unquoted mailbox, quoted password with a space.
                Arguments.of("imaplib", "KFAB6 STORE 1 +FLAGS \\Deleted",
                        new ImapCommand.Store("KFAB6", Numbering.SEQUENCE, set("1"), OptionalLong.empty(),
                                ImapCommand.StoreAction.ADD, false, List.of(Flag.DELETED))),
                Arguments.of("imaplib", "KFAB5 FETCH 1 (RFC822)",
                        new ImapCommand.Fetch("KFAB5", Numbering.SEQUENCE, set("1"), List.of(Simple.RFC822), OptionalLong.empty(), false)),
                Arguments.of("imaplib", "KFAB2 LOGIN fred \"pass word\"", new ImapCommand.Login("KFAB2", "fred", "pass word")),
                Arguments.of("imaplib", "KFAB4 SEARCH ALL",
                        new ImapCommand.Search("KFAB4", Numbering.SEQUENCE, Optional.empty(), Optional.empty(), new SearchKey.All())),
                // K-9 Mail and Outlook: lower-case header names, reversed ranges.
                Arguments.of("K-9 Mail", "15 UID FETCH 1:3 (UID INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (date subject from)])",
                        new ImapCommand.Fetch("15", Numbering.UID, set("1:3"), List.of(Simple.UID, Simple.INTERNALDATE,
                                Simple.RFC822_SIZE, headerFields(true, "date", "subject", "from")), OptionalLong.empty(), false)),
                Arguments.of("Outlook", "A9 FETCH 5:2 (UID RFC822.SIZE FLAGS BODY.PEEK[])",
                        new ImapCommand.Fetch("A9", Numbering.SEQUENCE, set("2:5"), List.of(Simple.UID, Simple.RFC822_SIZE,
                                Simple.FLAGS, new BodySection(Section.WHOLE, Optional.empty(), true)), OptionalLong.empty(), false)),
                Arguments.of("Gmail clients", "a1 SELECT \"[Gmail]/All Mail\"",
                        new ImapCommand.Select("a1", new MailboxName("[Gmail]/All Mail"), SelectOptions.NONE)),
                Arguments.of("Evolution", "A00005 UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 42 VANISHED)",
                        new ImapCommand.Fetch("A00005", Numbering.UID, set("1:*"), List.of(Simple.UID, Simple.FLAGS),
                                OptionalLong.of(42), true)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("lines")
    void parses(String client, String line, ImapCommand expected) {
        assertParses(expected, line);
    }
}
