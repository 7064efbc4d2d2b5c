package io.kurir.imap.codec;

import static io.kurir.imap.codec.ParserFixture.assertBad;
import static io.kurir.imap.codec.ParserFixture.assertParses;
import static io.kurir.imap.codec.ParserFixture.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.imap.codec.ImapCommand.Numbering;
import io.kurir.imap.codec.ImapCommand.Search;
import io.kurir.imap.codec.ImapCommand.SearchReturnOption;
import io.kurir.imap.codec.SearchKey.And;
import io.kurir.imap.codec.SearchKey.Contains;
import io.kurir.imap.codec.SearchKey.DateComparison;
import io.kurir.imap.codec.SearchKey.DateField;
import io.kurir.imap.codec.SearchKey.Dated;
import io.kurir.imap.codec.SearchKey.HasFlag;
import io.kurir.imap.codec.SearchKey.LacksFlag;
import io.kurir.imap.codec.SearchKey.Not;
import io.kurir.imap.codec.SearchKey.Or;
import io.kurir.imap.codec.SearchKey.TextField;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SEARCH: every key of RFC 3501 section 6.4.4, MODSEQ, OLDER/YOUNGER, nesting, CHARSET and RETURN. */
class SearchParserTest {

    private static Search search(SearchKey key) {
        return new Search("a1", Numbering.SEQUENCE, Optional.empty(), Optional.empty(), key);
    }

    private static SequenceSet set(String text) {
        return SequenceSet.parse(text).orElseThrow();
    }

    static Stream<Arguments> everyKey() {
        LocalDate feb1 = LocalDate.of(1994, 2, 1);
        return Stream.of(
                Arguments.of("ALL", new SearchKey.All()),
                Arguments.of("ANSWERED", new HasFlag(Flag.ANSWERED)),
                Arguments.of("BCC \"joe@example.org\"", new Contains(TextField.BCC, "joe@example.org")),
                Arguments.of("BEFORE 1-Feb-1994", new Dated(DateField.INTERNAL, DateComparison.BEFORE, feb1)),
                Arguments.of("BODY hello", new Contains(TextField.BODY, "hello")),
                Arguments.of("CC {3}\r\nbob", new Contains(TextField.CC, "bob")),
                Arguments.of("DELETED", new HasFlag(Flag.DELETED)),
                Arguments.of("DRAFT", new HasFlag(Flag.DRAFT)),
                Arguments.of("FLAGGED", new HasFlag(Flag.FLAGGED)),
                Arguments.of("FROM \"Smith\"", new Contains(TextField.FROM, "Smith")),
                Arguments.of("HEADER Message-ID \"<1@example>\"", new SearchKey.Header("Message-ID", "<1@example>")),
                Arguments.of("HEADER X-Spam \"\"", new SearchKey.Header("X-Spam", "")),
                Arguments.of("KEYWORD $Junk", new HasFlag(new Flag("$Junk"))),
                Arguments.of("LARGER 1024", new SearchKey.Larger(1024)),
                Arguments.of("NEW", And.of(new HasFlag(Flag.RECENT), new LacksFlag(Flag.SEEN))),
                Arguments.of("NOT SEEN", new Not(new HasFlag(Flag.SEEN))),
                Arguments.of("OLD", new LacksFlag(Flag.RECENT)),
                Arguments.of("ON \"01-Feb-1994\"", new Dated(DateField.INTERNAL, DateComparison.ON, feb1)),
                Arguments.of("OR SEEN FLAGGED", new Or(new HasFlag(Flag.SEEN), new HasFlag(Flag.FLAGGED))),
                Arguments.of("RECENT", new HasFlag(Flag.RECENT)),
                Arguments.of("SEEN", new HasFlag(Flag.SEEN)),
                Arguments.of("SENTBEFORE 1-feb-1994", new Dated(DateField.SENT, DateComparison.BEFORE, feb1)),
                Arguments.of("SENTON 01-FEB-1994", new Dated(DateField.SENT, DateComparison.ON, feb1)),
                Arguments.of("SENTSINCE 1-Feb-1994", new Dated(DateField.SENT, DateComparison.SINCE, feb1)),
                Arguments.of("SINCE 1-Feb-1994", new Dated(DateField.INTERNAL, DateComparison.SINCE, feb1)),
                Arguments.of("SMALLER 10000", new SearchKey.Smaller(10000)),
                Arguments.of("SUBJECT \"afternoon meeting\"", new Contains(TextField.SUBJECT, "afternoon meeting")),
                Arguments.of("TEXT \"\"", new Contains(TextField.TEXT, "")),
                Arguments.of("TO fred", new Contains(TextField.TO, "fred")),
                Arguments.of("UID 1:100,200", new SearchKey.Uid(set("1:100,200"))),
                Arguments.of("UNANSWERED", new LacksFlag(Flag.ANSWERED)),
                Arguments.of("UNDELETED", new LacksFlag(Flag.DELETED)),
                Arguments.of("UNDRAFT", new LacksFlag(Flag.DRAFT)),
                Arguments.of("UNFLAGGED", new LacksFlag(Flag.FLAGGED)),
                Arguments.of("UNKEYWORD $Forwarded", new LacksFlag(new Flag("$Forwarded"))),
                Arguments.of("UNSEEN", new LacksFlag(Flag.SEEN)),
                Arguments.of("2:4,7", new SearchKey.Sequence(set("2:4,7"))),
                Arguments.of("*", new SearchKey.Sequence(set("*"))),
                Arguments.of("$", new SearchKey.Sequence(new SequenceSet.Saved())),
                Arguments.of("UID $", new SearchKey.Uid(new SequenceSet.Saved())),
                Arguments.of("OLDER 3600", new SearchKey.Older(3600)),
                Arguments.of("YOUNGER 60", new SearchKey.Younger(60)),
                Arguments.of("MODSEQ 620162338", new SearchKey.ModSeq(620162338, Optional.empty())),
                Arguments.of("MODSEQ \"/flags/\\\\draft\" all 620162338", new SearchKey.ModSeq(620162338,
                        Optional.of(new SearchKey.ModSeqEntry(Flag.DRAFT, SearchKey.EntryType.ALL)))),
                Arguments.of("MODSEQ \"/flags/$Junk\" priv 0", new SearchKey.ModSeq(0,
                        Optional.of(new SearchKey.ModSeqEntry(new Flag("$Junk"), SearchKey.EntryType.PRIV)))),
                Arguments.of("LARGER 9223372036854775807", new SearchKey.Larger(Long.MAX_VALUE)));
    }

    @ParameterizedTest
    @MethodSource("everyKey")
    void everyKeyAloneAndInAnyCase(String key, SearchKey expected) {
        assertParses(search(expected), "a1 SEARCH " + key);
        int space = key.indexOf(' ');
        String lowerKeyword = space < 0 ? key.toLowerCase(java.util.Locale.ROOT)
                : key.substring(0, space).toLowerCase(java.util.Locale.ROOT) + key.substring(space);
        assertParses(search(expected), "a1 search " + lowerKeyword);
    }

    @Test
    void severalKeysAreAnd() {
        assertParses(search(And.of(new HasFlag(Flag.FLAGGED), new Dated(DateField.INTERNAL, DateComparison.SINCE,
                LocalDate.of(1994, 2, 1)), new Not(new Contains(TextField.FROM, "Smith")))),
                "a1 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"");
    }

    @Test
    void parenthesesNestAndAGroupOfOneIsItsKey() {
        assertParses(search(new Or(And.of(new Contains(TextField.FROM, "a"), new Contains(TextField.TO, "b")),
                new Not(new SearchKey.Sequence(set("1:5,*"))))), "a1 SEARCH OR (FROM a TO b) NOT 1:5,*");
        assertParses(search(new HasFlag(Flag.SEEN)), "a1 SEARCH (SEEN)");
        assertParses(search(new HasFlag(Flag.SEEN)), "a1 SEARCH ((((SEEN))))");
        assertParses(search(new Or(new Or(new HasFlag(Flag.SEEN), new HasFlag(Flag.DRAFT)),
                new Not(new Or(new LacksFlag(Flag.SEEN), new SearchKey.All())))),
                "a1 SEARCH OR OR SEEN DRAFT NOT OR UNSEEN ALL");
        assertParses(search(And.of(And.of(new HasFlag(Flag.SEEN), new HasFlag(Flag.DRAFT)), new SearchKey.All())),
                "a1 SEARCH (SEEN DRAFT) ALL");
    }

    @Test
    void charsetDecodesStrings() {
        assertParses(new Search("a1", Numbering.SEQUENCE, Optional.empty(), Optional.of("UTF-8"),
                new Contains(TextField.SUBJECT, "\u00e9t\u00e9")), "a1 SEARCH CHARSET utf-8 SUBJECT {5}\r\n\u00c3\u00a9t\u00c3\u00a9");
        assertParses(new Search("a1", Numbering.SEQUENCE, Optional.empty(), Optional.of("ISO-8859-1"),
                new Contains(TextField.TEXT, "\u00e9t\u00e9")), "a1 SEARCH CHARSET ISO-8859-1 TEXT {3}\r\n\u00e9t\u00e9");
        assertParses(new Search("a1", Numbering.SEQUENCE, Optional.empty(), Optional.of("US-ASCII"), new SearchKey.All()),
                "a1 SEARCH CHARSET \"US-ASCII\" ALL");
        assertParses(new Search("a1", Numbering.SEQUENCE, Optional.empty(), Optional.empty(),
                new Contains(TextField.SUBJECT, "\u00e9")), "a1 SEARCH SUBJECT \"\u00c3\u00a9\"");
    }

    @Test
    void anUnknownCharsetIsNoBadcharset() {
        ImapCommand.Invalid invalid = (ImapCommand.Invalid) parse("a1 SEARCH CHARSET KLINGON TEXT x");
        assertEquals(new ImapCommand.Invalid(Optional.of("a1"), ImapResponse.Status.NO,
                Optional.of(ResponseCode.badCharset(java.util.List.of("US-ASCII", "UTF-8"))),
                "SEARCH: unsupported charset \"KLINGON\""), invalid);
        assertEquals("a1 NO [BADCHARSET (US-ASCII UTF-8)] SEARCH: unsupported charset \"KLINGON\"\\r\\n",
                invalid.response().toString());
    }

    @Test
    void returnOptionsForEsearchAndSave() {
        assertParses(new Search("a1", Numbering.SEQUENCE, Optional.of(Set.of(SearchReturnOption.MIN, SearchReturnOption.COUNT)),
                Optional.empty(), new HasFlag(Flag.FLAGGED)), "a1 SEARCH RETURN (MIN COUNT) FLAGGED");
        assertParses(new Search("a1", Numbering.UID, Optional.of(Set.of(SearchReturnOption.ALL)), Optional.empty(),
                new LacksFlag(Flag.SEEN)), "a1 UID SEARCH RETURN () UNSEEN");
        assertParses(new Search("a1", Numbering.SEQUENCE, Optional.of(Set.of(SearchReturnOption.SAVE,
                SearchReturnOption.MAX, SearchReturnOption.ALL)), Optional.of("UTF-8"), new SearchKey.All()),
                "a1 SEARCH return (save max all) CHARSET UTF-8 ALL");
        assertParses(new Search("a1", Numbering.UID, Optional.empty(), Optional.empty(), new SearchKey.Uid(new SequenceSet.Saved())),
                "a1 UID SEARCH UID $");
    }

    @Test
    void searchErrors() {
        assertBad("a1 SEARCH", "SEARCH: missing search criteria");
        assertBad("a1 SEARCH ", "SEARCH: missing search key");
        assertBad("a1 SEARCH FOO", "SEARCH: unknown search key \"FOO\"");
        assertBad("a1 SEARCH SEEN  DRAFT", "SEARCH: expected search key, found an extra space");
        assertBad("a1 SEARCH SEEN ", "SEARCH: missing search key");
        assertBad("a1 SEARCH ()", "SEARCH: empty parentheses in search criteria");
        assertBad("a1 SEARCH (SEEN ", "SEARCH: missing search key");
        assertBad("a1 SEARCH (SEEN", "SEARCH: expected \")\" closing the search key list, found end of line");
        assertBad("a1 SEARCH (SEEN )", "SEARCH: space before \")\"");
        assertBad("a1 SEARCH SEEN)", "SEARCH: unexpected \")\" after the arguments");
        assertBad("a1 SEARCH OR SEEN", "SEARCH: missing second search key of OR");
        assertBad("a1 SEARCH NOT", "SEARCH: missing search key after NOT");
        assertBad("a1 SEARCH FROM", "SEARCH: missing FROM string");
        assertBad("a1 SEARCH HEADER Subject", "SEARCH: missing header value");
        assertBad("a1 SEARCH SINCE 31-Feb-2020", "SEARCH: date is not a valid date");
        assertBad("a1 SEARCH SINCE 1-Feb-94", "SEARCH: expected 4 digits for the year of date, found end of line");
        assertBad("a1 SEARCH SINCE 2020-02-01", "SEARCH: expected \"-\" in date, found \"20-02-01\"");
        assertBad("a1 SEARCH SINCE \"1-Feb-1994", "SEARCH: expected \"\"\" closing date, found end of line");
        assertBad("a1 SEARCH LARGER", "SEARCH: missing size after LARGER");
        assertBad("a1 SEARCH LARGER -1", "SEARCH: expected size, found \"-1\"");
        assertBad("a1 SEARCH LARGER 99999999999999999999", "SEARCH: size is too large");
        assertBad("a1 SEARCH OLDER 0", "SEARCH: interval must not be 0 or start with 0");
        assertBad("a1 SEARCH KEYWORD \\Seen", "SEARCH: KEYWORD takes a keyword, not a system flag; use ANSWERED, SEEN, ...");
        assertBad("a1 SEARCH UID", "SEARCH: missing UID set");
        assertBad("a1 SEARCH UID x", "SEARCH: expected UID set, found \"x\"");
        assertBad("a1 SEARCH 0:5", "SEARCH: number in the sequence set must not be 0 or start with 0");
        assertBad("a1 SEARCH 1:5,", "SEARCH: expected a number or \"*\" in the sequence set, found end of line");
        assertBad("a1 SEARCH 4294967296", "SEARCH: number in the sequence set is too large");
        assertBad("a1 SEARCH $,1", "SEARCH: unexpected \",1\" after the arguments");
        assertBad("a1 SEARCH MODSEQ \"/flags/\\\\Seen\" everyone 5", "SEARCH: unknown entry type \"EVERYONE\"");
        assertBad("a1 SEARCH MODSEQ \"/vendor/x\" all 5", "SEARCH: MODSEQ entry name must start with /flags/");
        assertBad("a1 SEARCH RETURN (MIN) ", "SEARCH: missing search key");
        assertBad("a1 SEARCH RETURN (PARTIAL 1:10) ALL", "SEARCH: unknown return option \"PARTIAL\"");
        assertBad("a1 SEARCH CHARSET UTF-8", "SEARCH: missing search criteria");
        assertBad("a1 SEARCH CHARSET UTF-8 TEXT \"\u00c3\"", "SEARCH: TEXT string is not valid UTF-8");
        assertBad("a1 SEARCH ALL RETURN (MIN)", "SEARCH: unknown search key \"RETURN\"");
    }

    @Test
    void nestingIsLimited() {
        String deep = "(".repeat(SearchParser.MAX_DEPTH) + "SEEN" + ")".repeat(SearchParser.MAX_DEPTH);
        assertBad("a1 SEARCH " + deep, "SEARCH: search criteria nested more than 64 levels deep");
        assertBad("a1 SEARCH " + "NOT ".repeat(100) + "SEEN", "SEARCH: search criteria nested more than 64 levels deep");
        String fine = "(".repeat(SearchParser.MAX_DEPTH - 1) + "SEEN" + ")".repeat(SearchParser.MAX_DEPTH - 1);
        assertParses(search(new HasFlag(Flag.SEEN)), "a1 SEARCH " + fine);
    }
}
