package io.kurir.imap.codec;

import static io.kurir.imap.codec.ParserFixture.assertBad;
import static io.kurir.imap.codec.ParserFixture.assertParses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.imap.codec.ImapCommand.Numbering;
import io.kurir.imap.codec.ImapCommand.SortCriterion;
import io.kurir.imap.codec.ImapCommand.SortKey;
import io.kurir.imap.codec.ImapCommand.Store;
import io.kurir.imap.codec.ImapCommand.StoreAction;
import io.kurir.imap.codec.ImapCommand.ThreadAlgorithm;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** STORE, COPY, MOVE, UID EXPUNGE, SORT, THREAD, and the UID prefix. */
class MessageCommandsParserTest {

    private static SequenceSet set(String text) {
        return SequenceSet.parse(text).orElseThrow();
    }

    private static Store store(Numbering numbering, String set, StoreAction action, boolean silent, Flag... flags) {
        return new Store("a1", numbering, set(set), OptionalLong.empty(), action, silent, List.of(flags));
    }

    @Test
    void storeForms() {
        assertParses(store(Numbering.SEQUENCE, "2:4", StoreAction.ADD, false, Flag.DELETED), "a1 STORE 2:4 +FLAGS (\\Deleted)");
        assertParses(store(Numbering.SEQUENCE, "2:4", StoreAction.ADD, true, Flag.DELETED), "a1 STORE 2:4 +FLAGS.SILENT (\\Deleted)");
        assertParses(store(Numbering.SEQUENCE, "1", StoreAction.REMOVE, false, Flag.SEEN, Flag.FLAGGED),
                "a1 store 1 -flags (\\seen \\FLAGGED)");
        assertParses(store(Numbering.SEQUENCE, "1", StoreAction.REPLACE, true), "a1 STORE 1 FLAGS.SILENT ()");
        assertParses(store(Numbering.SEQUENCE, "1:*", StoreAction.REPLACE, false, Flag.SEEN, new Flag("$Junk")),
                "a1 STORE 1:* FLAGS \\Seen $Junk");
        assertParses(store(Numbering.UID, "7", StoreAction.ADD, false, new Flag("\\X-Custom")), "a1 UID STORE 7 +FLAGS \\X-Custom");
        assertParses(new Store("a1", Numbering.SEQUENCE, set("7,9"), OptionalLong.of(320162338), StoreAction.REPLACE, true,
                List.of(Flag.DELETED)), "a1 STORE 7,9 (UNCHANGEDSINCE 320162338) FLAGS.SILENT (\\Deleted)");
        assertParses(new Store("a1", Numbering.UID, set("1"), OptionalLong.of(0), StoreAction.ADD, false, List.of(Flag.SEEN)),
                "a1 UID STORE 1 (unchangedsince 0) +FLAGS \\Seen");
    }

    @Test
    void storeErrors() {
        assertBad("a1 STORE", "STORE: missing sequence set");
        assertBad("a1 STORE 1", "STORE: missing FLAGS, +FLAGS or -FLAGS");
        assertBad("a1 STORE 1 +FLAGS", "STORE: missing flags");
        assertBad("a1 STORE 1 +FLAGS ", "STORE: missing a flag");
        assertBad("a1 STORE 1 FLAGZ (\\Seen)", "STORE: unknown store item \"FLAGZ\"");
        assertBad("a1 STORE 1 X-GM-LABELS (foo)", "STORE: unknown store item \"X-GM-LABELS\"");
        assertBad("a1 STORE 1 +FLAGS (\\Seen", "STORE: expected \")\" closing the flag list, found end of line");
        assertBad("a1 STORE 1 +FLAGS (\\)", "STORE: expected a flag name after \"\\\", found \")\"");
        assertBad("a1 STORE 1 +FLAGS (\\*)", "STORE: expected a flag name after \"\\\", found \"*\"");
        assertBad("a1 STORE 1 (UNCHANGEDSINCE) FLAGS ()", "STORE: expected a space before mod-sequence, found \")\"");
        assertBad("a1 STORE 1 (FOO 5) FLAGS ()", "STORE: unknown store modifier \"FOO\"");
        assertBad("a1 STORE 1 +FLAGS (\\Seen) extra", "STORE: unexpected \"extra\" after the arguments");
    }

    @Test
    void copyMoveAndUidExpunge() {
        assertParses(new ImapCommand.Copy("a1", Numbering.SEQUENCE, set("2:4"), new MailboxName("meeting")), "a1 COPY 2:4 meeting");
        assertParses(new ImapCommand.Copy("a1", Numbering.UID, set("4827313:4828442"), MailboxName.INBOX),
                "a1 UID COPY 4827313:4828442 inbox");
        assertParses(new ImapCommand.Move("a1", Numbering.SEQUENCE, set("1:3"), new MailboxName("Trash")), "a1 MOVE 1:3 Trash");
        assertParses(new ImapCommand.Move("a1", Numbering.UID, set("42"), new MailboxName("Junk E-mail")),
                "a1 uid move 42 \"Junk E-mail\"");
        assertParses(new ImapCommand.UidExpunge("a1", set("3000:3002")), "a1 UID EXPUNGE 3000:3002");
        assertParses(new ImapCommand.UidExpunge("a1", set("$")), "a1 uid expunge $");
        assertBad("a1 COPY 1", "COPY: missing mailbox name");
        assertBad("a1 MOVE Trash", "MOVE: expected sequence set, found \"Trash\"");
        assertBad("a1 UID EXPUNGE", "UID EXPUNGE: missing UID set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a1 UID", "a1 UID NOOP", "a1 UID APPEND INBOX {1}\r\nx", "a1 UID LIST \"\" *"})
    void onlyMessageCommandsFollowUid(String line) {
        String word = line.length() > 7 ? line.substring(7).split(" ")[0] : "";
        assertBad(line, "UID: " + (word.isEmpty() ? "missing command after UID" : "\"" + word + "\" cannot follow UID"));
    }

    @Test
    void sortCriteriaCharsetAndKeys() {
        assertParses(new ImapCommand.Sort("a1", Numbering.SEQUENCE, Optional.empty(),
                List.of(new SortCriterion(SortKey.SUBJECT, false)), "UTF-8",
                new SearchKey.Dated(SearchKey.DateField.INTERNAL, SearchKey.DateComparison.SINCE, LocalDate.of(2003, 1, 1))),
                "a1 SORT (SUBJECT) UTF-8 SINCE 1-Jan-2003");
        assertParses(new ImapCommand.Sort("a1", Numbering.UID, Optional.empty(),
                List.of(new SortCriterion(SortKey.DATE, true), new SortCriterion(SortKey.SUBJECT, false)),
                "US-ASCII", SearchKey.And.of(new SearchKey.LacksFlag(Flag.DELETED), new SearchKey.All())),
                "a1 UID SORT (REVERSE DATE SUBJECT) US-ASCII UNDELETED ALL");
        assertParses(new ImapCommand.Sort("a1", Numbering.SEQUENCE, Optional.of(Set.of(ImapCommand.SearchReturnOption.MIN)),
                List.of(new SortCriterion(SortKey.ARRIVAL, false), new SortCriterion(SortKey.DISPLAYFROM, true)), "UTF-8",
                new SearchKey.All()), "a1 sort return (min) (arrival reverse displayfrom) utf-8 all");
        for (SortKey key : SortKey.values()) {
            assertParses(new ImapCommand.Sort("a1", Numbering.SEQUENCE, Optional.empty(), List.of(new SortCriterion(key, false)),
                    "UTF-8", new SearchKey.All()), "a1 SORT (" + key + ") UTF-8 ALL");
        }
    }

    @Test
    void sortErrors() {
        assertBad("a1 SORT", "SORT: missing sort criteria");
        assertBad("a1 SORT SUBJECT UTF-8 ALL", "SORT: expected \"(\" starting the sort criteria, found \"SUBJECT\"");
        assertBad("a1 SORT () UTF-8 ALL", "SORT: expected sort key, found \")\"");
        assertBad("a1 SORT (COLOUR) UTF-8 ALL", "SORT: unknown sort key \"COLOUR\"");
        assertBad("a1 SORT (REVERSE) UTF-8 ALL", "SORT: expected a space before sort key, found \")\"");
        assertBad("a1 SORT (DATE)", "SORT: missing charset");
        assertBad("a1 SORT (DATE) UTF-8", "SORT: missing search criteria");
        ImapCommand.Invalid charset = (ImapCommand.Invalid) ParserFixture.parse("a1 SORT (DATE) ALL");
        assertEquals("a1 NO [BADCHARSET (US-ASCII UTF-8)] SORT: unsupported charset \"ALL\"\\r\\n",
                charset.response().toString(), "the charset is not optional: ALL is read as one");
    }

    @Test
    void thread() {
        assertParses(new ImapCommand.Thread("a1", Numbering.SEQUENCE, ThreadAlgorithm.ORDEREDSUBJECT, "UTF-8",
                new SearchKey.All()), "a1 THREAD ORDEREDSUBJECT UTF-8 ALL");
        assertParses(new ImapCommand.Thread("a1", Numbering.UID, ThreadAlgorithm.REFERENCES, "US-ASCII",
                SearchKey.And.of(new SearchKey.Contains(SearchKey.TextField.TEXT, "gewp"), new SearchKey.LacksFlag(Flag.DELETED))),
                "a1 UID THREAD references US-ASCII TEXT \"gewp\" UNDELETED");
        assertParses(new ImapCommand.Thread("a1", Numbering.SEQUENCE, ThreadAlgorithm.REFS, "UTF-8", new SearchKey.All()),
                "a1 THREAD REFS utf-8 ALL");
        assertBad("a1 THREAD", "THREAD: missing threading algorithm");
        assertBad("a1 THREAD X-FANCY UTF-8 ALL", "THREAD: unknown threading algorithm \"X-FANCY\"");
        assertBad("a1 THREAD REFERENCES UTF-8", "THREAD: missing search criteria");
    }
}
