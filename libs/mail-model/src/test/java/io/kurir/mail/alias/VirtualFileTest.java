package io.kurir.mail.alias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtualFileTest {

    /** Postfix's VIRTUAL_README "Postfix virtual ALIAS example", with the domain declared in the file. */
    private static final String VIRTUAL = """
            # /etc/postfix/virtual
            example.com              anything
            postmaster@example.com   postmaster
            info@example.com         joe
            sales@example.com        jane
            # catch-all for everything else in example.com
            @example.com             jim
            # a bare local part: abuse@ every local domain
            abuse                    budi
            Tim@Example.COM          tim@b.test,
                                     anto budi
                                     # a comment does not end the entry
                                     , dewi@a.test
            @old.test                @new.test
            """;

    @Test
    void parsesTheVirtualReadmeExample() throws AliasSyntaxException {
        VirtualFile.Parsed parsed = VirtualFile.parse("/etc/postfix/virtual", VIRTUAL);
        assertEquals(List.of("example.com"), parsed.domains());
        assertEquals(List.of(
                new AliasEntry("postmaster@example.com", List.of("postmaster"), 3),
                new AliasEntry("info@example.com", List.of("joe"), 4),
                new AliasEntry("sales@example.com", List.of("jane"), 5),
                new AliasEntry("@example.com", List.of("jim"), 7),
                new AliasEntry("abuse", List.of("budi"), 9),
                new AliasEntry("tim@example.com", List.of("tim@b.test", "anto", "budi", "dewi@a.test"), 10),
                new AliasEntry("@old.test", List.of("@new.test"), 14)), parsed.aliases());
    }

    @Test
    void theResultOfADomainDeclarationIsIgnored() throws AliasSyntaxException {
        VirtualFile.Parsed parsed = VirtualFile.parse("virtual", "Example.ORG  whatever you like, |even this\n");
        assertEquals(List.of("example.org"), parsed.domains());
        assertEquals(List.of(), parsed.aliases());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "example.com => virtual:1: pattern \"example.com\" has no result (expected: pattern result, ...)",
        "info@example.com => virtual:1: pattern \"info@example.com\" has no result (expected: pattern result, ...)",
        "info@example.com |/usr/bin/procmail => virtual:1: \"|/usr/bin/procmail\" for \"info@example.com\":"
            + " |command targets are not supported (Kurir does not run programs for mail)",
        "info@example.com /var/mail/info => virtual:1: \"/var/mail/info\" for \"info@example.com\":"
            + " delivery to files is not supported (deliver to a local account instead)",
        "info@example.com :include:/etc/postfix/info => virtual:1: \":include:/etc/postfix/info\" for"
            + " \"info@example.com\": :include: is not supported (write the members into this file instead)",
        "@ jim => virtual:1: catch-all pattern \"@\" has no valid domain after '@'",
        "info@ joe => virtual:1: \"info@\" is not a valid pattern (expected user@domain, user, @domain, or a domain"
            + " name)",
        "exa_mple.com anything => virtual:1: \"exa_mple.com\" is not a valid domain name (a pattern without '@'"
            + " that contains a dot declares a virtual alias domain)",
        "info@example.com joe, a..b => virtual:1: \"a..b\" for \"info@example.com\": not a valid address or local"
            + " name",
        "@example.com @bad_domain => virtual:1: \"@bad_domain\" for \"@example.com\": \"bad_domain\" is not a"
            + " valid domain",
        "'  joe@example.com joe' => virtual:1: line starts with whitespace but there is no entry before it to"
            + " continue (remove the leading whitespace)",
    })
    void refusesWithTheLineAndAReason(String line, String problem) {
        AliasSyntaxException e = assertThrows(AliasSyntaxException.class, () -> VirtualFile.parse("virtual", line));
        assertEquals(List.of(problem), e.problems());
    }

    @Test
    void reportsEveryProblemAndDuplicatesTogether() {
        String text = """
                example.com          anything
                info@example.com     joe
                INFO@example.com     jane
                example.com          again
                sales@example.com    |/usr/local/bin/crm
                @example.com         jim
                @EXAMPLE.com         joe
                abuse                budi
                Abuse                anto
                bad@@example.com     joe
                """;
        AliasSyntaxException e = assertThrows(AliasSyntaxException.class, () -> VirtualFile.parse("virtual", text));
        assertEquals(List.of(
                "virtual:3: duplicate pattern \"info@example.com\" (first at line 2)",
                "virtual:4: domain \"example.com\" declared twice (first at line 1)",
                "virtual:5: \"|/usr/local/bin/crm\" for \"sales@example.com\": |command targets are not supported"
                        + " (Kurir does not run programs for mail)",
                "virtual:7: duplicate pattern \"@example.com\" (first at line 6)",
                "virtual:9: duplicate pattern \"abuse\" (first at line 8)",
                "virtual:10: \"bad@@example.com\" is not a valid pattern (expected user@domain, user, @domain, or a"
                        + " domain name)"), e.problems());
    }

    @Test
    void problemsAreReportedInLineOrder() {
        AliasSyntaxException e = assertThrows(AliasSyntaxException.class,
                () -> VirtualFile.parse("virtual", "info@example.com\n  \n#x\nx y\n  z\n"));
        // the continuation of line 5 joins "x y z", so only line 1 is wrong
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("virtual:1: "), e.getMessage());
        AliasSyntaxException e2 = assertThrows(AliasSyntaxException.class,
                () -> AliasFile.parse("aliases", " a\nb\nc: d\n e,\n"));
        assertEquals(List.of("aliases:1", "aliases:2", "aliases:3", "aliases:3"),
                e2.problems().stream().map(p -> p.substring(0, p.indexOf(':', 8))).toList(), e2.getMessage());
    }
}
