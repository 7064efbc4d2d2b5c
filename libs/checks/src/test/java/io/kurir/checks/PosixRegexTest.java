package io.kurir.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PosixRegexTest {

    private static boolean finds(String posix, String input) throws TableSyntaxError {
        return PosixRegex.compile(posix, false, false, true).pattern().matcher(input).find();
    }

    private static boolean findsBasic(String posix, String input) throws TableSyntaxError {
        return PosixRegex.compile(posix, false, false, false).pattern().matcher(input).find();
    }

    @ParameterizedTest(name = "/{0}/ on \"{1}\" -> {2}")
    @CsvSource(delimiterString = " => ", textBlock = """
            [[:alpha:]]+[[:digit:]] => abc1 => true
            ^[[:digit:]]+$ => 12a => false
            ^[[:space:]]*$ => ' \\t ' => true
            [[:upper:]] => abc => false
            [[:lower:]] => ABC => false
            ^[[:alnum:]_]+$ => a_1 => true
            [[:punct:]] => abc => false
            [[:punct:]] => a!c => true
            ^[[:print:]]+$ => 'a b~' => true
            [[:xdigit:]]{4} => 00fF => true
            [^[:alpha:]] => abc => false
            []x] => ] => true
            [^]x] => ] => false
            [a-] => - => true
            [\\.] => \\ => true
            [[.-.]] => - => true
            [[=e=]] => e => true
            a{2,3} => xaay => true
            ^a{2,3}$ => aaaa => false
            ^a{,2}$ => aa => true
            ^a{2,}$ => aaaaa => true
            a{x => 'a{x' => true
            ^(ab)+$ => ababab => true
            ^(a|bc)*d$ => abcad => true
            ^a**$ => aaa => true
            ^a+?$ => aaa => true
            (a)(b)\\2\\1 => abba => true
            \\.com$ => example.com => true
            \\.com$ => examplexcom => false
            \\[10\\. => '[10.1.2.3]' => true
            \\/ => a/b => true
            \\<word\\> => a word here => true
            \\<word\\> => swordfish => false
            \\bis\\b => this is => true
            ^\\w+\\s\\S$ => ab c => true
            a|b$ => xxa => true
            ^.*$ => 'a\\nb' => true
            größe => Dateigröße => true
            """)
    void extendedSyntaxMatchesAsPosixDoes(String posix, String input, boolean expected) throws Exception {
        String unescaped = input.replace("\\n", "\n").replace("\\t", "\t");
        assertEquals(expected, finds(posix, unescaped), () -> "/" + posix + "/ against \"" + unescaped + "\"");
    }

    @ParameterizedTest(name = "basic /{0}/ on \"{1}\" -> {2}")
    @CsvSource(delimiterString = " => ", textBlock = """
            ^\\(ab\\)*$ => abab => true
            a\\{2\\} => xaax => true
            a+ => a+ => true
            a+ => aa => false
            (a) => (a) => true
            a\\|b => b => true
            a\\+ => aaa => true
            *a => *a => true
            \\(*a\\) => *a => true
            a^b => a^b => true
            a$b => a$b => true
            ^ab$ => ab => true
            \\(a\\)\\1 => aa => true
            """)
    void basicSyntaxWhenTheXFlagTurnsExtendedOff(String posix, String input, boolean expected) throws Exception {
        assertEquals(expected, findsBasic(posix, input), () -> "basic /" + posix + "/ against \"" + input + "\"");
    }

    @Test
    void withoutTheMFlagNewlinesAreOrdinaryAndDollarIsTheVeryEnd() throws Exception {
        assertTrue(finds("^Subject:.*viagra", "Subject: cheap\n\tviagra"));
        assertTrue(finds("^Subject:[^x]*viagra", "Subject: cheap\n\tviagra"));
        assertEquals(false, finds("cheap$", "Subject: cheap\n\tviagra"));
        assertEquals(false, finds("^\tviagra", "Subject: cheap\n\tviagra"));
    }

    @Test
    void theMFlagMakesNewlinesSpecialAsRegNewline() throws Exception {
        var multiline = PosixRegex.compile("^\tviagra$", true, true, true).pattern();
        assertTrue(multiline.matcher("Subject: cheap\n\tviagra").find());
        var dot = PosixRegex.compile("cheap.*viagra", true, true, true).pattern();
        assertEquals(false, dot.matcher("Subject: cheap\n\tviagra").find());
        var negatedList = PosixRegex.compile("cheap[^x]*viagra", true, true, true).pattern();
        assertEquals(false, negatedList.matcher("Subject: cheap\n\tviagra").find());
    }

    @Test
    void caseInsensitiveAlsoFoldsNonAsciiLetters() throws Exception {
        var p = PosixRegex.compile("GRÖSSE|größe", true, false, true).pattern();
        assertTrue(p.matcher("GRÖSSE").find());
        assertTrue(p.matcher("GRÖßE").find());
    }

    @Test
    void countsCapturingGroupsOnly() throws Exception {
        assertEquals(3, PosixRegex.compile("(a)(b(c)?)?\\<x\\>a**", true, false, true).groups(),
                "the translation adds no capturing groups of its own");
    }

    @ParameterizedTest(name = "/{0}/ is refused: {1}")
    @CsvSource(delimiterString = " => ", textBlock = """
            (abc => unmatched (
            abc) => unmatched )
            [abc => unmatched [
            *abc => does not follow anything
            a|+b => does not follow anything
            ^* => does not follow anything
            (*a) => does not follow anything
            a{3,2} => maximum below its minimum
            a{1 => not closed
            a{99999} => repetition count above
            [[:letter:]] => unknown character class [:letter:]
            [z-a] => is backwards
            \\d+ => use [[:digit:]]
            a\\n => no control-character escapes
            \\1(a) => not closed before it
            abc\\ => trailing backslash
            """)
    void refusesWhatPosixOrJavaCannotTake(String posix, String expectedProblem) {
        var e = assertThrows(TableSyntaxError.class, () -> PosixRegex.compile(posix, true, false, true));
        assertTrue(e.getMessage().contains(expectedProblem), () -> "message was: " + e.getMessage());
    }
}
