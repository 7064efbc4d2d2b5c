package io.kurir.imap.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ListPatternTest {

    @ParameterizedTest(name = "{0} {1} ~ {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "''      | *          | INBOX             | true",
        "''      | %          | Kuliah/Jarkom     | false",
        "''      | Kuliah/%   | Kuliah/Jarkom     | true",
        "''      | Kuliah/%   | Kuliah/Jarkom/Lab | false",
        "''      | Kuliah/*   | Kuliah/Jarkom/Lab | true",
        "Kuliah  | %          | Kuliah/Jarkom     | true",
        "Kuliah/ | *          | Kuliah/Jarkom/Lab | true",
        "''      | inbox      | INBOX             | true",
        "''      | Inbox/%    | INBOX/Sub         | true",
        "''      | *box       | INBOX             | false",
        "''      | *x*        | INBOX             | false",
        "''      | S*t        | Sent              | true",
        "''      | s*t        | Sent              | false",
        "''      | %%*%       | a/b/c             | true",
        "''      | a%c        | a/c               | false",
    })
    void matchesAsRfc3501Says(String reference, String pattern, String name, boolean expected) {
        assertEquals(expected, new ListPattern(reference, pattern).matches(name));
    }

    @Test
    void uidSetsAreWrittenAsRuns() {
        assertEquals("1:3,7,9:10", ImapSession.join(List.of(1L, 2L, 3L, 7L, 9L, 10L)));
        assertEquals("5", ImapSession.join(List.of(5L)));
        assertEquals("", ImapSession.join(List.of()));
    }
}
