package io.kurir.mime.sort;

import static io.kurir.mime.sort.SortCriterion.ascending;
import static io.kurir.mime.sort.SortCriterion.reversed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SORT (RFC 5256 §3) and the display keys of RFC 5957. */
class SorterTest {

    private static List<Long> sort(List<SortInput> messages, SortCriterion... criteria) {
        return Sorter.sort(messages, List.of(criteria)).stream().map(SortInput::sequence).toList();
    }

    private static final List<SortInput> MAILBOX = Mail.inputs(
            Mail.seq(1).subject("Re: beta").from("Zed <alice@z.test>").to("x@y.test").at(9).size(300)
                    .arrived("2024-01-05T00:00:00Z"),
            Mail.seq(2).subject("alpha").from("Al <Bob@a.test>").cc("carol@c.test").at(8).size(100)
                    .arrived("2024-01-04T00:00:00Z"),
            Mail.seq(3).subject("[list] Beta").from("alice@other.test").cc("Anna <anna@c.test>").at(10).size(200)
                    .arrived("2024-01-03T00:00:00Z"),
            Mail.seq(4).subject("Fwd: ALPHA").from("=?utf-8?q?=C3=89mile?= <emile@e.test>").at(7).size(100)
                    .arrived("2024-01-02T00:00:00Z"));

    @Test
    void subjectSortUsesTheBaseSubjectAndSequenceTieBreak() {
        assertEquals(List.of(2L, 4L, 1L, 3L), sort(MAILBOX, ascending(SortKey.SUBJECT)),
                "alpha(2), ALPHA(4), beta(1), Beta(3): base subjects compared caselessly, ties by sequence");
    }

    @Test
    void reverseDoesNotReverseTheSequenceTieBreak() {
        assertEquals(List.of(1L, 3L, 2L, 4L), sort(MAILBOX, reversed(SortKey.SUBJECT)),
                "RFC 5256 §3: REVERSE SUBJECT is not the reverse of SUBJECT; equal subjects stay in sequence order");
    }

    @Test
    void multipleKeysBreakTiesInOrder() {
        assertEquals(List.of(4L, 2L, 3L, 1L), sort(MAILBOX, ascending(SortKey.SIZE), ascending(SortKey.DATE)),
                "size 100 (4 sent at 07:00, 2 at 08:00), then 200, then 300");
        assertEquals(List.of(2L, 4L, 3L, 1L), sort(MAILBOX, ascending(SortKey.SIZE), reversed(SortKey.ARRIVAL)),
                "size 100 newest arrival first, then 200, 300");
        assertEquals(List.of(1L, 3L, 2L, 4L), sort(MAILBOX, reversed(SortKey.SIZE), reversed(SortKey.DATE)),
                "both reversed: 300, 200, then size 100 sent at 08:00 before 07:00");
    }

    @Test
    void addressKeysUseTheLocalPartCaselessly() {
        assertEquals(List.of(1L, 3L, 2L, 4L), sort(MAILBOX, ascending(SortKey.FROM)),
                "alice(1), alice(3) tie by sequence, Bob, emile: local parts only, case ignored");
        assertEquals(List.of(1L, 4L, 3L, 2L), sort(MAILBOX, ascending(SortKey.CC)),
                "no Cc is the empty string and sorts first; then anna, carol");
        assertEquals(List.of(2L, 3L, 4L, 1L), sort(MAILBOX, ascending(SortKey.TO)),
                "only message 1 has a To");
    }

    @Test
    void displayKeysUseDecodedNamesOrTheAddress() {
        assertEquals(List.of(2L, 3L, 4L, 1L), sort(MAILBOX, ascending(SortKey.DISPLAYFROM)),
                "Al, alice@other.test (no name), Émile (RFC 2047, É folds to E), Zed");
        assertEquals(List.of(2L, 3L, 4L, 1L), sort(MAILBOX, ascending(SortKey.DISPLAYTO)),
                "absent To sorts first; x@y.test");
    }

    @Test
    void dateFallsBackToInternalDate() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).date("Wed, 03 Jan 2024 12:00:00 +0000"),
                Mail.seq(2).date("not a date").arrived("2024-01-03T11:00:00Z"),
                Mail.seq(3).arrived("2024-01-03T13:00:00Z"),
                Mail.seq(4).date("Wed, 03 Jan 2024 13:30:00 +0100"));
        assertEquals(List.of(2L, 1L, 4L, 3L), sort(messages, ascending(SortKey.DATE)),
                "2 (garbage: INTERNALDATE 11:00), 1 (12:00), 4 (13:30+0100 = 12:30 UTC), 3 (no Date: 13:00)");
    }

    @Test
    void groupsAndGarbageGiveStableKeys() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).from("undisclosed-recipients:;"),
                Mail.seq(2).from("<>"),
                Mail.seq(3).from("\"\" <b@x.test>"));
        assertEquals(List.of(2L, 3L, 1L), sort(messages, ascending(SortKey.FROM)),
                "empty local part, then b, then the group name as its addr-mailbox");
        assertEquals(List.of(2L, 3L, 1L), sort(messages, ascending(SortKey.DISPLAYFROM)),
                "empty, b@x.test (empty display name), undisclosed-recipients");
    }

    @Test
    void atLeastOneCriterion() {
        assertThrows(IllegalArgumentException.class, () -> Sorter.sort(MAILBOX, List.of()), "empty criteria");
    }
}
