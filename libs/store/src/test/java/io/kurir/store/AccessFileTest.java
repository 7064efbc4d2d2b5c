package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessFileTest {

    private static final String SAMPLE = """
            # /etc/postfix/client_access
            # address            action

            1.2.3                REJECT
            1.2.3.4              OK
            10.0.0.0/8           550 5.7.1 internal addresses
              do not send from outside
            \t# a comment inside a continued entry is skipped
            \tand this line still continues it
            spam.example         REJECT # not a comment: a '#' after the start is text
               \t
            Dial-Up.ISP.example  DEFER
            """;

    @Test
    void readsEntriesCommentsAndContinuationLines() {
        List<AccessEntry> entries = AccessFile.parse(SAMPLE, "client_access", AccessKind.CLIENT);
        assertEquals(List.of(
                "client 1.2.3 REJECT",
                "client 1.2.3.4 OK",
                "client 10.0.0.0/8 550 5.7.1 internal addresses do not send from outside and this line still continues it",
                "client spam.example REJECT # not a comment: a '#' after the start is text",
                "client dial-up.isp.example DEFER"),
                entries.stream().map(AccessEntry::toString).toList());
        assertEquals("internal addresses do not send from outside and this line still continues it",
                entries.get(2).action().refusal().orElseThrow().text());
    }

    @Test
    void crlfLineEndingsAndAMissingFinalNewlineAreFine() {
        String text = "Fauzan@Example.com OK\r\n<> 550 no bounces here\r\nspammer@ REJECT";
        assertEquals(List.of("sender fauzan@example.com OK", "sender <> 550 no bounces here", "sender spammer@ REJECT"),
                AccessFile.parse(text, "s", AccessKind.SENDER).stream().map(AccessEntry::toString).toList());
    }

    @Test
    void anEmptyFileOrOnlyCommentsIsAnEmptyTable() {
        assertEquals(List.of(), AccessFile.parse("", "f", AccessKind.HELO));
        assertEquals(List.of(), AccessFile.parse("# nothing yet\n\n   \n", "f", AccessKind.HELO));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # file text (\\n: new line)                    | expected message
            "  10.1.2.3 REJECT"                           | access:1: line starts with white space, but there is no entry before it to continue
            "# header\\n\\n\\tcontinued REJECT"          | access:3: line starts with white space, but there is no entry before it to continue
            "1.2.3.4 OK\\n10.1.2.3"                        | access:2: expected 'key whitespace action', found only '10.1.2.3'
            "1.2.3.4 OK\\n10.1.2.300 REJECT"               | access:2: invalid client key '10.1.2.300': octet 300 is greater than 255
            "1.2.3.4 OK\\n\\n10.0.0.1/8 REJECT"            | access:3: invalid client key '10.0.0.1/8': 10.0.0.1 has bits set after the first 8; did you mean 10.0.0.0/8?
            "1.2.3.4 PERMIT"                               | access:1: invalid action 'PERMIT': PERMIT is a restriction, not an access(5) action; use OK to accept
            "1.2.3.4 HOLD"                                 | access:1: invalid action 'HOLD': unknown action HOLD
            "1.2.3.4 250 ok"                               | access:1: invalid action '250 ok': reply code 250 does not refuse
            "1.2.3.4 550 4.7.1 x\\n"                        | access:1: invalid action '550 4.7.1 x': enhanced status code 4.7.1 does not agree with reply code 550
            "1.2.3.4 REJECT\\n  \\n1.2.3.5 OK\\n1.2.3.4 OK" | access:4: duplicate key '1.2.3.4' (first on line 1)
            "Example.com REJECT\\nexample.com. OK"        | access:2: duplicate key 'example.com' (first on line 1)
            "2001:DB8::1 OK\\n2001:db8:0::1 REJECT"        | access:2: duplicate key '2001:db8::1' (first on line 1)
            "10.1.2.3 REJECT\\n10.1.2.4\\n  OK\\n10.1.2.5" | access:4: expected 'key whitespace action', found only '10.1.2.5'
            "1.2.3.4 REJECT first\\n  line\\u0001two"        | access:1: invalid action 'REJECT first line\\u0001two': an action cannot contain line breaks
            """)
    void reportsFileLineAndWhatIsWrong(String text, String expected) {
        String file = text.replace("\\n", "\n").replace("\\t", "\t").replace("\\u0001", "\u0001");
        String message = expected.replace("\\u0001", "\u0001");
        var e = assertThrows(AccessFileException.class, () -> AccessFile.parse(file, "access", AccessKind.CLIENT));
        assertTrue(e.getMessage().startsWith(message), "expected '" + message + "...' but got: " + e.getMessage());
        assertEquals("access", e.fileName());
        assertEquals(e.getMessage(), e.fileName() + ":" + e.line() + ": " + e.reason());
    }

    @Test
    void senderAndRecipientTablesCheckTheirOwnKeys() {
        var e = assertThrows(AccessFileException.class,
                () -> AccessFile.parse("abuse@ OK\n<> REJECT\n", "rcpt", AccessKind.RECIPIENT));
        assertEquals("rcpt:2: invalid recipient key '<>': <> is the null sender; it is a sender key, not a recipient key",
                e.getMessage());
    }
}
