package io.kurir.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckTableErrorsTest {

    private static final String GOOD_FIRST_LINES = "# header checks\n/^Subject: ok/ DUNNO\n\n";

    /** Each bad line comes after three good ones, so the error must name line 4. */
    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("/^Subject:/ BOUNCE", "unknown action \"BOUNCE\""),
                Arguments.of("/^Subject:/ 550 go away", "unknown action \"550\""),
                Arguments.of("/^Subject:/", "missing action after the pattern"),
                Arguments.of("/^Subject:/q REJECT", "unknown flag \"q\""),
                Arguments.of("/^Subject:(/ REJECT", "bad regular expression /^Subject:(/: unmatched ("),
                Arguments.of("/^Subject:[[:foo:]]/ REJECT", "unknown character class [:foo:]"),
                Arguments.of("/^Subject: \\d+/ REJECT", "\\d is not a POSIX regular expression escape"),
                Arguments.of("/^Subject: REJECT", "missing closing / of the pattern"),
                Arguments.of("Subject: spam REJECT", "expected /pattern/, if or endif"),
                Arguments.of("!", "missing /pattern/ after !"),
                Arguments.of("/x/ REDIRECT", "REDIRECT without an address"),
                Arguments.of("/x/ REDIRECT a@b c@d", "REDIRECT takes an address only"),
                Arguments.of("/x/ PREPEND", "PREPEND without text"),
                Arguments.of("/x/ REPLACE", "REPLACE without text"),
                Arguments.of("/x/ FILTER", "FILTER without a transport:destination"),
                Arguments.of("/x/ FILTER smtp", "FILTER needs transport:destination"),
                Arguments.of("/x/ IGNORE this header", "IGNORE takes no text"),
                Arguments.of("/x/ DUNNO really", "DUNNO takes no text"),
                Arguments.of("/(x)/ REJECT $2", "$2 in the action, but the pattern has only 1 group"),
                Arguments.of("/x/ REJECT $1", "$1 in the action, but the pattern has only 0 groups"),
                Arguments.of("!/(x)/ REJECT $1", "$1 in the action of a negated pattern"),
                Arguments.of("/x/ REJECT costs $", "lone $"),
                Arguments.of("/x/ REJECT $name", "$name in the action text is not a group number"),
                Arguments.of("/x/ REJECT ${1", "without closing }"),
                Arguments.of("endif", "endif without if"),
                Arguments.of("endif /x/", "text after endif"),
                Arguments.of("if", "if without a /pattern/"),
                Arguments.of("if /x/ REJECT", "text after the if pattern"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void badLineIsReportedWithItsLineNumber(String badLine, String expectedProblem) {
        var e = assertThrows(CheckTableException.class,
                () -> CheckTable.parse(GOOD_FIRST_LINES + badLine + "\n/^From:/ WARN\n", "header_checks"));
        assertEquals(4, e.line(), () -> "line of: " + e.getMessage());
        assertEquals("header_checks", e.sourceName());
        assertTrue(e.problem().contains(expectedProblem), () -> "problem was: " + e.problem());
        assertTrue(e.getMessage().startsWith("header_checks:4: "), () -> "message was: " + e.getMessage());
    }

    @Test
    void missingEndifNamesTheIfThatIsNotClosed() {
        String table = """
                if /^Subject:/
                if /money/
                /fast/ REJECT
                endif
                /./ WARN
                """;
        var e = assertThrows(CheckTableException.class, () -> CheckTable.parse(table, "t"));
        assertEquals("t:1: missing endif for this if", e.getMessage());
    }

    @Test
    void indentedRuleInsideIfIsCaughtWithAHint() {
        String table = """
                if /^Subject:/
                    /money/ REJECT
                endif
                """;
        var e = assertThrows(CheckTableException.class, () -> CheckTable.parse(table, "t"));
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("do not indent rules inside if..endif"), e.problem());
    }

    @Test
    void continuationWithoutALineBeforeIsAnError() {
        var e = assertThrows(CheckTableException.class, () -> CheckTable.parse("# c\n  REJECT\n", "t"));
        assertEquals("t:2: line starts with whitespace but there is no line before it to continue", e.getMessage());
    }

    @Test
    void errorInAContinuedLineNamesItsFirstLine() {
        var e = assertThrows(CheckTableException.class,
                () -> CheckTable.parse("/a/ WARN\n/b/\n  BOGUS\n", "t"));
        assertEquals(2, e.line());
    }

    @Test
    void crlfTablesCountLinesTheSame() {
        var e = assertThrows(CheckTableException.class, () -> CheckTable.parse("/a/ WARN\r\n\r\n/b/ BOGUS\r\n", "t"));
        assertEquals(3, e.line());
    }
}
