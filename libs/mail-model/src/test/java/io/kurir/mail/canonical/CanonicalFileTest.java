package io.kurir.mail.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kurir.mail.alias.AliasSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalFileTest {

    /** ADDRESS_REWRITING_README "Canonical address mapping" examples, plus a continued line. */
    private static final String CANONICAL = """
            # /etc/postfix/canonical
            wietse                  Wietse.Venema
            Wietse@Porcupine.ORG    Wietse.Venema@porcupine.org
            # domain rewrite
            @old.test               @NEW.test
            first.last              First.Last
            "joe doe"@a.test        <Joe.Doe@a.test>
            budi@a.test
                                    # a comment does not end the entry
                                    Budi.Santoso@b.test
            """;

    @Test
    void parsesTheAddressRewritingReadmeExamples() throws AliasSyntaxException {
        assertEquals(List.of(
                new CanonicalEntry("wietse", "Wietse.Venema", 2),
                new CanonicalEntry("wietse@porcupine.org", "Wietse.Venema@porcupine.org", 3),
                new CanonicalEntry("@old.test", "@new.test", 5),
                new CanonicalEntry("first.last", "First.Last", 6),
                new CanonicalEntry("joe doe@a.test", "Joe.Doe@a.test", 7),
                new CanonicalEntry("budi@a.test", "Budi.Santoso@b.test", 8)),
                CanonicalFile.parse("/etc/postfix/canonical", CANONICAL));
    }

    @Test
    void anEmptyFileHasNoEntries() throws AliasSyntaxException {
        assertEquals(List.of(), CanonicalFile.parse("canonical", "# nothing yet\n\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "wietse => canonical:1: pattern \"wietse\" has no result (expected: pattern result)",
        "'wietse ,' => canonical:1: pattern \"wietse\" has no result (expected: pattern result)",
        "wietse Wietse.Venema, wv@b.test => canonical:1: pattern \"wietse\" has 2 results (Wietse.Venema,"
            + " wv@b.test): canonical maps take one result",
        "wietse Wietse.Venema wv@b.test => canonical:1: pattern \"wietse\" has 2 results (Wietse.Venema,"
            + " wv@b.test): canonical maps take one result",
        "joe |/usr/bin/procmail => canonical:1: \"|/usr/bin/procmail\" for \"joe\": |command targets are not"
            + " supported (Kurir does not run programs for mail)",
        "joe /var/mail/joe => canonical:1: \"/var/mail/joe\" for \"joe\": delivery to files is not supported"
            + " (deliver to a local account instead)",
        "joe :include:/etc/postfix/joe => canonical:1: \":include:/etc/postfix/joe\" for \"joe\": :include: is not"
            + " supported (write the members into this file instead)",
        "@ @new.test => canonical:1: pattern \"@\" has no valid domain after '@'",
        "@old_test @new.test => canonical:1: pattern \"@old_test\" has no valid domain after '@'",
        "joe@ Joe.Doe => canonical:1: \"joe@\" is not a valid pattern (expected user@domain, user or @domain)",
        "a..b Joe.Doe => canonical:1: \"a..b\" is not a valid pattern (expected user@domain, user or @domain)",
        "joe a..b@a.test => canonical:1: \"a..b@a.test\" for \"joe\": not a valid address or local name",
        "@old.test @bad_domain => canonical:1: \"@bad_domain\" for \"@old.test\": \"bad_domain\" is not a valid"
            + " domain",
        "'  joe Joe.Doe' => canonical:1: line starts with whitespace but there is no entry before it to continue"
            + " (remove the leading whitespace)",
    })
    void refusesWithTheLineAndAReason(String line, String problem) {
        AliasSyntaxException e = assertThrows(AliasSyntaxException.class, () -> CanonicalFile.parse("canonical", line));
        assertEquals(List.of(problem), e.problems());
    }

    @Test
    void reportsEveryProblemTogetherInLineOrder() {
        String text = """
                joe@a.test      Joe.Doe@a.test
                JOE@A.test      Joseph@a.test
                anto            Anto.Wijaya, anto@b.test
                @old.test       @new.test
                @OLD.TEST       @newer.test
                cici            |/usr/local/bin/crm
                dewi
                eka             Eka.Putri
                """;
        AliasSyntaxException e = assertThrows(AliasSyntaxException.class,
                () -> CanonicalFile.parse("/etc/postfix/canonical", text));
        assertEquals(List.of(
                "/etc/postfix/canonical:2: duplicate pattern \"joe@a.test\" (first at line 1)",
                "/etc/postfix/canonical:3: pattern \"anto\" has 2 results (Anto.Wijaya, anto@b.test): canonical"
                        + " maps take one result",
                "/etc/postfix/canonical:5: duplicate pattern \"@old.test\" (first at line 4)",
                "/etc/postfix/canonical:6: \"|/usr/local/bin/crm\" for \"cici\": |command targets are not supported"
                        + " (Kurir does not run programs for mail)",
                "/etc/postfix/canonical:7: pattern \"dewi\" has no result (expected: pattern result)"), e.problems());
    }
}
