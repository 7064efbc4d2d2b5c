package io.kurir.imap.codec;

import static io.kurir.imap.codec.ParserFixture.assertBad;
import static io.kurir.imap.codec.ParserFixture.assertParses;
import static io.kurir.imap.codec.ParserFixture.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.imap.codec.ImapCommand.ListReturnOption;
import io.kurir.imap.codec.ImapCommand.ListSelectOption;
import io.kurir.imap.codec.ImapCommand.SelectOptions;
import io.kurir.imap.codec.ImapCommand.StatusItem;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SELECT, EXAMINE, CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS and APPEND. */
class MailboxCommandsParserTest {

    private static MailboxName box(String name) {
        return new MailboxName(name);
    }

    private static SequenceSet set(String text) {
        return SequenceSet.parse(text).orElseThrow();
    }

    @Test
    void selectAndExamineTakeAnyAstring() {
        assertParses(new ImapCommand.Select("a1", MailboxName.INBOX, SelectOptions.NONE), "a1 SELECT INBOX");
        assertParses(new ImapCommand.Select("a1", MailboxName.INBOX, SelectOptions.NONE), "a1 select inbox");
        assertParses(new ImapCommand.Select("a1", MailboxName.INBOX, SelectOptions.NONE), "a1 SELECT \"InBox\"");
        assertParses(new ImapCommand.Examine("a1", box("Sent Items"), SelectOptions.NONE), "a1 EXAMINE \"Sent Items\"");
        assertParses(new ImapCommand.Select("a1", box("INBOX/Sub"), SelectOptions.NONE), "a1 SELECT {9}\r\nINBOX/Sub");
        assertParses(new ImapCommand.Select("a1", box("inbox.sub"), SelectOptions.NONE), "a1 SELECT inbox.sub");
        assertParses(new ImapCommand.Select("a1", box("[Gmail]/Sent Mail"), SelectOptions.NONE),
                "a1 SELECT \"[Gmail]/Sent Mail\"");
        assertParses(new ImapCommand.Select("a1", box("a]b"), SelectOptions.NONE), "a1 SELECT a]b");
        assertParses(new ImapCommand.Select("a1", box(""), SelectOptions.NONE), "a1 SELECT \"\"");
    }

    @Test
    void selectParameters() {
        assertParses(new ImapCommand.Select("a1", MailboxName.INBOX, new SelectOptions(true, Optional.empty())),
                "a1 SELECT INBOX (CONDSTORE)");
        assertParses(new ImapCommand.Examine("a1", MailboxName.INBOX, new SelectOptions(true, Optional.empty())),
                "a1 EXAMINE INBOX (condstore)");
        assertParses(new ImapCommand.Select("a1", MailboxName.INBOX, new SelectOptions(false, Optional.of(
                new ImapCommand.Qresync(67890007, 20050715194045000L, Optional.of(set("41,43:211,214:541")), Optional.empty())))),
                "a1 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))");
        assertParses(new ImapCommand.Select("a1", MailboxName.INBOX, new SelectOptions(false, Optional.of(
                new ImapCommand.Qresync(67890007, 90060115194045000L, Optional.of(set("1:29997")),
                        Optional.of(new ImapCommand.SequenceMatch(set("5000,7500,9000,9990:9999"),
                                set("15000,22500,27000,29970,29973"))))))),
                "a1 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 15000,22500,27000,29970,29973)))");
        assertParses(new ImapCommand.Select("a1", MailboxName.INBOX, new SelectOptions(true, Optional.of(
                new ImapCommand.Qresync(1, 0, Optional.empty(), Optional.of(
                        new ImapCommand.SequenceMatch(set("1:2"), set("5,9"))))))),
                "a1 SELECT INBOX (CONDSTORE QRESYNC (1 0 (1:2 5,9)))");
        assertParses(new ImapCommand.Select("a1", MailboxName.INBOX, new SelectOptions(false, Optional.of(
                new ImapCommand.Qresync(5, 7, Optional.empty(), Optional.empty())))), "a1 SELECT INBOX (QRESYNC (5 7))");
    }

    @Test
    void selectErrors() {
        assertBad("a1 SELECT", "SELECT: missing mailbox name");
        assertBad("a1 SELECT  INBOX", "SELECT: two spaces before mailbox name");
        assertBad("a1 SELECT INBOX ", "SELECT: expected \"(\" starting the parameters, found end of line");
        assertBad("a1 SELECT INBOX Sent", "SELECT: expected \"(\" starting the parameters, found \"Sent\"");
        assertBad("a1 SELECT INBOX ()", "SELECT: expected parameter, found \")\"");
        assertBad("a1 SELECT INBOX (FOO)", "SELECT: unknown parameter \"FOO\"");
        assertBad("a1 SELECT INBOX (CONDSTORE", "SELECT: expected \")\" closing the parameters, found end of line");
        assertBad("a1 SELECT INBOX (QRESYNC (0 5))", "SELECT: UIDVALIDITY must not be 0 or start with 0");
        assertBad("a1 SELECT INBOX (QRESYNC (1))", "SELECT: expected a space before mod-sequence, found \")\"");
        assertBad("a1 SELECT INBOX (QRESYNC (1 2 1:5 ))", "SELECT: expected \"(\" starting the sequence match data, found \")\"");
        assertBad("a1 SELECT INBOX (QRESYNC (1 2 (1:5)))", "SELECT: expected a space before known UID set, found \")\"");
        assertBad("a1 SELECT (INBOX)", "SELECT: expected mailbox name, found \"(\"");
        assertBad("a1 SELECT *", "SELECT: expected mailbox name, found \"*\"");
        assertBad("a1 SELECT %", "SELECT: expected mailbox name, found \"%\"");
    }

    @Test
    void createDeleteRenameSubscribe() {
        assertParses(new ImapCommand.Create("a1", box("owatagusiam/"), List.of()), "a1 CREATE owatagusiam/");
        assertParses(new ImapCommand.Create("a1", box("Drafts"), List.of("\\Drafts")), "a1 CREATE Drafts (USE (\\Drafts))");
        assertParses(new ImapCommand.Create("a1", box("Mix"), List.of("\\Sent", "\\Archive")),
                "a1 create Mix (use (\\Sent \\Archive))");
        assertParses(new ImapCommand.Create("a1", box("None"), List.of()), "a1 CREATE None (USE ())");
        assertParses(new ImapCommand.Delete("a1", box("blurdybloop")), "a1 DELETE blurdybloop");
        assertParses(new ImapCommand.Rename("a1", box("blurdybloop"), box("sarasoop")), "a1 RENAME blurdybloop sarasoop");
        assertParses(new ImapCommand.Rename("a1", MailboxName.INBOX, box("Old Mail")), "a1 RENAME inbox \"Old Mail\"");
        assertParses(new ImapCommand.Subscribe("a1", box("#news.comp.mail.mime")), "a1 SUBSCRIBE #news.comp.mail.mime");
        assertParses(new ImapCommand.Unsubscribe("a1", box("#news.comp.mail.mime")), "a1 UNSUBSCRIBE #news.comp.mail.mime");
    }

    @Test
    void createDeleteRenameErrors() {
        assertBad("a1 CREATE", "CREATE: missing mailbox name");
        assertBad("a1 CREATE x (USE (Drafts))", "CREATE: special-use attribute Drafts does not start with \"\\\"");
        assertBad("a1 CREATE x (FOO (\\Drafts))", "CREATE: unknown parameter \"FOO\"");
        assertBad("a1 CREATE x (USE \\Drafts)", "CREATE: expected \"(\" starting the special-use attributes, found \"\\Drafts\"");
        assertBad("a1 DELETE a b", "DELETE: unexpected \"b\" after the arguments");
        assertBad("a1 RENAME a", "RENAME: missing new mailbox name");
        assertBad("a1 SUBSCRIBE", "SUBSCRIBE: missing mailbox name");
        assertBad("a1 UNSUBSCRIBE a ", "UNSUBSCRIBE: space at the end of the command");
    }

    @Test
    void basicList() {
        assertParses(ImapCommand.ListMailboxes.basic("a1", "", "*"), "a1 LIST \"\" *");
        assertParses(ImapCommand.ListMailboxes.basic("a1", "", "*"), "a1 list \"\" \"*\"");
        assertParses(ImapCommand.ListMailboxes.basic("a1", "", ""), "a1 LIST \"\" \"\"");
        assertParses(ImapCommand.ListMailboxes.basic("a1", "#news.", "comp.mail.*"), "a1 LIST #news. comp.mail.*");
        assertParses(ImapCommand.ListMailboxes.basic("a1", "~/Mail/", "%"), "a1 LIST ~/Mail/ %");
        assertParses(ImapCommand.ListMailboxes.basic("a1", "", "INBOX.%"), "a1 LIST \"\" INBOX.%");
        assertParses(ImapCommand.ListMailboxes.basic("a1", "", "%]"), "a1 LIST \"\" %]");
        assertParses(ImapCommand.ListMailboxes.basic("a1", "inbox", "x"), "a1 LIST inbox x");
        assertParses(ImapCommand.ListMailboxes.basic("a1", "", "Entw\u00fcrfe/*"), "a1 LIST \"\" Entw&APw-rfe/*");
    }

    @Test
    void extendedList() {
        assertParses(new ImapCommand.ListMailboxes("a1", Set.of(ListSelectOption.SUBSCRIBED, ListSelectOption.RECURSIVEMATCH),
                "", List.of("%", "Other/*"), Set.of(ListReturnOption.CHILDREN), List.of()),
                "a1 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"%\" \"Other/*\") RETURN (CHILDREN)");
        assertParses(new ImapCommand.ListMailboxes("a1", Set.of(), "", List.of("*"), Set.of(), List.of()),
                "a1 LIST () \"\" *");
        assertParses(new ImapCommand.ListMailboxes("a1", Set.of(), "", List.of("*"), Set.of(), List.of()),
                "a1 LIST \"\" * RETURN ()");
        assertParses(new ImapCommand.ListMailboxes("a1", Set.of(ListSelectOption.SPECIAL_USE), "", List.of("*"),
                Set.of(ListReturnOption.SPECIAL_USE), List.of()), "a1 LIST (SPECIAL-USE) \"\" \"*\" RETURN (SPECIAL-USE)");
        assertParses(new ImapCommand.ListMailboxes("a1", Set.of(ListSelectOption.REMOTE), "", List.of("%"),
                Set.of(ListReturnOption.SUBSCRIBED), List.of()), "a1 list (remote) \"\" % return (subscribed)");
        assertParses(new ImapCommand.ListMailboxes("a1", Set.of(), "", List.of("%"),
                Set.of(ListReturnOption.STATUS, ListReturnOption.CHILDREN),
                List.of(StatusItem.MESSAGES, StatusItem.UNSEEN, StatusItem.SIZE)),
                "a1 LIST \"\" % RETURN (CHILDREN STATUS (MESSAGES UNSEEN SIZE))");
    }

    @Test
    void listErrors() {
        assertBad("a1 LIST", "LIST: missing reference name");
        assertBad("a1 LIST \"\"", "LIST: missing mailbox pattern");
        assertBad("a1 LIST \"\" * extra", "LIST: expected RETURN, found \"extra\"");
        assertBad("a1 LIST (FOO) \"\" *", "LIST: unknown selection option \"FOO\"");
        assertBad("a1 LIST (RECURSIVEMATCH) \"\" *", "LIST: RECURSIVEMATCH needs another selection option such as SUBSCRIBED");
        assertBad("a1 LIST (REMOTE RECURSIVEMATCH) \"\" *",
                "LIST: RECURSIVEMATCH needs another selection option such as SUBSCRIBED");
        assertBad("a1 LIST \"\" * RETURN (BAR)", "LIST: unknown return option \"BAR\"");
        assertBad("a1 LIST \"\" * RETURN (STATUS ())", "LIST: expected status item, found \")\"");
        assertBad("a1 LIST \"\" ()", "LIST: expected mailbox pattern, found \")\"");
        assertBad("a1 LIST \"\" (* %", "LIST: expected \")\" closing the mailbox patterns, found end of line");
        assertBad("a1 LIST * *", "LIST: expected reference name, found \"*\"");
        assertBad("a1 LSUB \"\"", "LSUB: missing mailbox pattern");
        assertBad("a1 LSUB \"\" * RETURN ()", "LSUB: unexpected \"RETURN\" after the arguments");
    }

    @Test
    void lsub() {
        assertParses(new ImapCommand.Lsub("a1", "#news.", "comp.mail.*"), "a1 LSUB \"#news.\" \"comp.mail.*\"");
        assertParses(new ImapCommand.Lsub("a1", "", "%"), "a1 lsub \"\" %");
    }

    @Test
    void status() {
        assertParses(new ImapCommand.Status("a1", box("blurdybloop"), List.of(StatusItem.UIDNEXT, StatusItem.MESSAGES)),
                "a1 STATUS blurdybloop (UIDNEXT MESSAGES)");
        assertParses(new ImapCommand.Status("a1", MailboxName.INBOX, List.of(StatusItem.values())),
                "a1 status inbox (messages recent uidnext uidvalidity unseen size highestmodseq deleted appendlimit)");
        assertBad("a1 STATUS INBOX", "STATUS: missing status items");
        assertBad("a1 STATUS INBOX ()", "STATUS: expected status item, found \")\"");
        assertBad("a1 STATUS INBOX (MESSAGES FOO)", "STATUS: unknown status item \"FOO\"");
        assertBad("a1 STATUS INBOX MESSAGES", "STATUS: expected \"(\" starting the status items, found \"MESSAGES\"");
        assertBad("a1 STATUS INBOX (MESSAGES", "STATUS: expected \")\" closing the status items, found end of line");
    }

    private static ImapCommand.AppendMessage message(String content, List<Flag> flags, Optional<OffsetDateTime> date) {
        return new ImapCommand.AppendMessage(flags, date, content.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    @Test
    void appendWithFlagsDateAndLiteral() {
        String content = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\nSubject: afternoon meeting\r\n\r\nHello Joe\r\n";
        String size = "{" + content.length() + "}";
        OffsetDateTime date = OffsetDateTime.of(1994, 2, 7, 21, 52, 25, 0, ZoneOffset.ofHours(-8));
        assertParses(new ImapCommand.Append("a1", box("saved-messages"), List.of(message(content, List.of(Flag.SEEN), Optional.of(date)))),
                "a1 APPEND saved-messages (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" " + size + "\r\n" + content);
        assertParses(new ImapCommand.Append("a1", MailboxName.INBOX, List.of(message(content, List.of(), Optional.empty()))),
                "a1 append inbox " + size + "\r\n" + content);
        assertParses(new ImapCommand.Append("a1", box("Drafts"), List.of(message("x", List.of(Flag.DRAFT, Flag.SEEN,
                new Flag("$MDNSent")), Optional.empty()))), "a1 APPEND Drafts (\\draft \\SEEN $MDNSent) {1+}\r\nx");
        assertParses(new ImapCommand.Append("a1", box("Sent"), List.of(message("x", List.of(),
                Optional.of(OffsetDateTime.of(2023, 11, 17, 9, 5, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)))))),
                "a1 APPEND Sent () \"17-Nov-2023 09:05:00 +0530\" {1}\r\nx");
        assertParses(new ImapCommand.Append("a1", box("Sent"), List.of(message("x", List.of(),
                Optional.of(OffsetDateTime.of(2023, 11, 7, 9, 5, 0, 0, ZoneOffset.UTC))))),
                "a1 APPEND Sent \"07-Nov-2023 09:05:00 +0000\" {1}\r\nx");
        assertParses(new ImapCommand.Append("a1", box("Sent"), List.of(message("", List.of(), Optional.empty()))),
                "a1 APPEND Sent {0}\r\n");
    }

    @Test
    void appendLiteral8AndMultiappend() {
        ImapCommand.AppendMessage binary = new ImapCommand.AppendMessage(List.of(), Optional.empty(), new byte[] {0, 1, 2}, true);
        assertParses(new ImapCommand.Append("a1", MailboxName.INBOX, List.of(binary)), "a1 APPEND INBOX ~{3}\r\n\0\1\2");
        assertParses(new ImapCommand.Append("a1", MailboxName.INBOX, List.of(message("one", List.of(Flag.SEEN), Optional.empty()),
                message("two", List.of(), Optional.empty()), binary)),
                "a1 APPEND INBOX (\\Seen) {3}\r\none {3+}\r\ntwo ~{3}\r\n\0\1\2");
        assertParses(new ImapCommand.Append("a1", box("Sent"), List.of(message("m", List.of(), Optional.empty()))),
                "a1 APPEND {4}\r\nSent {1}\r\nm");
    }

    @Test
    void appendErrors() {
        assertBad("a1 APPEND INBOX", "APPEND: missing message literal");
        assertBad("a1 APPEND INBOX (\\Seen)", "APPEND: missing message literal");
        assertBad("a1 APPEND INBOX \"hello\"", "APPEND: expected day of internal date, found \"hello\"\"");
        assertBad("a1 APPEND INBOX \"31-Feb-2020 00:00:00 +0000\" {1}\r\nx", "APPEND: internal date is not a valid date and time");
        assertBad("a1 APPEND INBOX \"1-Foo-2020 00:00:00 +0000\" {1}\r\nx",
                "APPEND: expected a month name (Jan to Dec) in internal date, found \"Foo-2020\"");
        assertBad("a1 APPEND INBOX \"1-Jan-2020 00:00 +0000\" {1}\r\nx",
                "APPEND: expected \":\" in internal date, found an extra space");
        assertBad("a1 APPEND INBOX \"1-Jan-2020 00:00:00 0000\" {1}\r\nx",
                "APPEND: expected \"+\" or \"-\" starting the zone of internal date, found \"0000\"\"");
        assertBad("a1 APPEND INBOX \"1-Jan-2020 00:00:00 +2500\" {1}\r\nx",
                "APPEND: internal date is not a valid date and time");
        assertBad("a1 APPEND INBOX 1-Jan-2020 {1}\r\nx", "APPEND: expected message literal, found \"1-Jan-2020\"");
        assertBad("a1 APPEND INBOX (\\Seen) (\\Draft) {1}\r\nx", "APPEND: expected message literal, found \"(\"");
        assertBad("a1 APPEND INBOX (\\Seen {1}\r\nx", "APPEND: expected a flag, found \"{1}\"");
        assertBad("a1 APPEND INBOX {3}\r\nabc extra", "APPEND: expected message literal, found \"extra\"");
        assertBad("a1 APPEND INBOX CATENATE (TEXT {3}\r\nabc)", "APPEND: CATENATE is not supported");
        assertBad("a1 APPEND INBOX UTF8 (~{3}\r\nabc)", "APPEND: UTF8 is not supported");
        assertBad("a1 APPEND INBOX {3}\r\na\0c", "APPEND: message: NUL octet in a literal (only literal8 may contain NUL)");
        assertBad("a1 APPEND INBOX \"text\"", "APPEND: expected day of internal date, found \"text\"\"");
    }

    @Test
    void appendToAMailboxNamedByALiteralKeepsItsMessage() {
        ImapCommand.Append append = (ImapCommand.Append) parse("a1 APPEND {5+}\r\nDraft {2+}\r\nhi");
        assertEquals(box("Draft"), append.mailbox());
        assertEquals("hi", new String(append.messages().get(0).content(), StandardCharsets.US_ASCII));
    }
}
