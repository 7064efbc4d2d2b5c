package io.kurir.mail.alias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AliasFileTest {

    private static final String COURSE_ALIASES = """
            # /etc/aliases for the course server
            # See aliases(5); run newaliases after editing.

            postmaster: root
            root:       budi
            staf:       budi, anto,
                        cici@b.test
            # a list whose name has a space, and a comment inside it
            "Tata Usaha": budi,
                # the next line still belongs to "tata usaha"
                "anto"
            MAILER-DAEMON: postmaster
            webmaster: <dewi@a.test>
            """;

    @Test
    void parsesTheCourseAliasesFile() throws AliasSyntaxException {
        List<AliasEntry> entries = AliasFile.parse("/etc/aliases", COURSE_ALIASES);
        assertEquals(List.of(
                new AliasEntry("postmaster", List.of("root"), 4),
                new AliasEntry("root", List.of("budi"), 5),
                new AliasEntry("staf", List.of("budi", "anto", "cici@b.test"), 6),
                new AliasEntry("tata usaha", List.of("budi", "anto"), 9),
                new AliasEntry("mailer-daemon", List.of("postmaster"), 12),
                new AliasEntry("webmaster", List.of("dewi@a.test"), 13)), entries);
    }

    @Test
    void emptyFileAndCommentsOnlyGiveNoEntries() throws AliasSyntaxException {
        assertEquals(List.of(), AliasFile.parse("aliases", ""));
        assertEquals(List.of(), AliasFile.parse("aliases", "# nothing here\n\n   \n\t# indented comment\n"));
    }

    @Test
    void acceptsWindowsLineEndingsAndAHashInsideALine() throws AliasSyntaxException {
        List<AliasEntry> entries = AliasFile.parse("aliases", "a: b,\r\n c\r\nd#1: e\r\n");
        assertEquals(List.of(new AliasEntry("a", List.of("b", "c"), 1), new AliasEntry("d#1", List.of("e"), 3)),
                entries);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "vacation: budi, |/usr/bin/vacation budi"
            + " => aliases:1: \"|/usr/bin/vacation budi\" in alias \"vacation\": |command targets are not supported"
            + " (Kurir does not run programs for mail)",
        "vacation: \"|/usr/bin/vacation budi\""
            + " => aliases:1: \"|/usr/bin/vacation budi\" in alias \"vacation\": |command targets are not supported"
            + " (Kurir does not run programs for mail)",
        "daftar: :include:/etc/mail/daftar"
            + " => aliases:1: \":include:/etc/mail/daftar\" in alias \"daftar\": :include: is not supported"
            + " (write the members into this file instead)",
        "arsip: /var/mail/arsip"
            + " => aliases:1: \"/var/mail/arsip\" in alias \"arsip\": delivery to files is not supported"
            + " (deliver to a local account instead)",
        "budi anto => aliases:1: missing ':' in \"budi anto\" (expected name: target, target, ...)",
        ": budi => aliases:1: empty alias name before ':'",
        "\"\": budi => aliases:1: empty alias name before ':'",
        "staf: => aliases:1: alias \"staf\" has no targets after ':'",
        "staf: budi,, anto => aliases:1: empty target in alias \"staf\" (two commas in a row, or a comma at the end)",
        "staf: budi, anto, => aliases:1: empty target in alias \"staf\" (two commas in a row, or a comma at the end)",
        "staf: budi anto => aliases:1: \"budi anto\" in alias \"staf\": not a valid address or local name"
            + " (separate targets with commas)",
        "staf: a..b@c.test => aliases:1: \"a..b@c.test\" in alias \"staf\": not a valid address or local name",
        "tata usaha: budi => aliases:1: alias name \"tata usaha\" contains spaces; quote it: \"tata usaha\": ...",
        "root@a.test: budi => aliases:1: alias name \"root@a.test\" must be a local name without @domain"
            + " (put aliases for addresses in the virtual alias table)",
        "\"unterminated: budi => aliases:1: unterminated quoted alias name in \"\"unterminated: budi\"",
        "'  budi: anto' => aliases:1: line starts with whitespace but there is no entry before it to continue"
            + " (remove the leading whitespace)",
    })
    void refusesWithTheLineAndAReason(String line, String problem) {
        AliasSyntaxException e = assertThrows(AliasSyntaxException.class, () -> AliasFile.parse("aliases", line));
        assertEquals(List.of(problem), e.problems());
        assertEquals(problem, e.getMessage());
    }

    @Test
    void reportsEveryProblemOfTheFileTogether() {
        String text = """
                postmaster: root
                root: budi
                backup: |/usr/local/bin/backup
                staf: budi,
                      /var/spool/staf,
                      :include:/etc/mail/staf
                ok: budi
                tanpa titik dua
                root: anto
                ROOT: dewi
                """;
        AliasSyntaxException e = assertThrows(AliasSyntaxException.class, () -> AliasFile.parse("/etc/aliases", text));
        List<String> problems = e.problems();
        assertEquals(6, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("/etc/aliases:3: \"|/usr/local/bin/backup\" in alias \"backup\": "
                + "|command targets are not supported"), problems.get(0));
        assertTrue(problems.get(1).startsWith("/etc/aliases:4: \"/var/spool/staf\" in alias \"staf\": "
                + "delivery to files is not supported"), problems.get(1));
        assertTrue(problems.get(2).startsWith("/etc/aliases:4: \":include:/etc/mail/staf\" in alias \"staf\": "
                + ":include: is not supported"), problems.get(2));
        assertTrue(problems.get(3).startsWith("/etc/aliases:8: missing ':'"), problems.get(3));
        assertEquals("/etc/aliases:9: duplicate alias name \"root\" (first defined at line 2); merge the two entries"
                + " into one", problems.get(4));
        assertEquals("/etc/aliases:10: duplicate alias name \"root\" (first defined at line 2); merge the two entries"
                + " into one", problems.get(5));
        assertEquals(String.join("\n", problems), e.getMessage());
    }

    @Test
    void aContinuationAtTheStartIsReportedWithTheRest() {
        AliasSyntaxException e = assertThrows(AliasSyntaxException.class,
                () -> AliasFile.parse("aliases", "\t budi\nroot budi\n"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("aliases:1: line starts with whitespace"));
        assertTrue(e.problems().get(1).startsWith("aliases:2: missing ':'"));
    }
}
