package io.kurir.mail.alias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.mail.MailDomains;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AliasExpanderTest {

    private static final MailDomains DOMAINS =
            new MailDomains("mail.a.test", "a.test", "a.test", List.of("a.test", "localhost"));

    /** VIRTUAL_README: example.com without a catch-all, example.net with one. */
    private static final String VIRTUAL_README = """
            example.com              anything
            postmaster@example.com   postmaster
            info@example.com         joe
            sales@example.com        jane
            example.net              anything
            info@example.net         joe
            @example.net             jim
            """;

    private static final String COURSE_ALIASES = """
            postmaster: root
            root:       budi
            staf:       budi, anto, cici@b.test
            """;

    private static AliasExpander expander(String aliases, String virtual) {
        try {
            AliasMaps maps = AliasMaps.of(AliasFile.parse("aliases", aliases), VirtualFile.parse("virtual", virtual));
            return new AliasExpander(maps, DOMAINS, "+");
        } catch (AliasSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** What an administrator reads: {@code addr=mailbox; addr=} (remote), or the error. */
    private static String render(AliasExpander.Expansion expansion) {
        if (!expansion.ok()) {
            assertTrue(expansion.targets().isEmpty(), "no targets with an error");
            return expansion.error().orElseThrow();
        }
        return expansion.targets().stream().map(t -> t.address() + "=" + t.mailbox())
                .collect(Collectors.joining("; "));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
        "postmaster@example.com => postmaster@a.test=postmaster",
        "info@example.com => joe@a.test=joe",
        "sales@example.com => jane@a.test=jane",
        "INFO@Example.COM => joe@a.test=joe",
        "nobody@example.com => 5.1.1 User unknown in virtual alias table",
        "info@example.net => joe@a.test=joe",
        "nobody@example.net => jim@a.test=jim",
        "budi@a.test => budi@a.test=budi",
        "Budi@LOCALHOST => Budi@LOCALHOST=budi",
        "budi => budi@a.test=budi",
        "<budi@a.test> => budi@a.test=budi",
        "cici@b.test => cici@b.test=",
        "a..b@a.test => 5.1.3 Bad recipient address syntax",
    })
    void virtualAliasDomainExample(String recipient, String expected) {
        assertEquals(expected, render(expander("", VIRTUAL_README).expand(recipient)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
        "postmaster@a.test => budi@a.test=budi",
        "root@localhost => budi@a.test=budi",
        "staf@a.test => budi@a.test=budi; anto@a.test=anto; cici@b.test=",
        "STAF@localhost => budi@a.test=budi; anto@a.test=anto; cici@b.test=",
        "postmaster@example.com => budi@a.test=budi",
        "anto@a.test => anto@a.test=anto",
        "staf@b.test => staf@b.test=",
    })
    void courseAliasesAfterVirtualAliases(String recipient, String expected) {
        assertEquals(expected, render(expander(COURSE_ALIASES, VIRTUAL_README).expand(recipient)));
    }

    @Test
    void nestedListsAreFlattenedInOrder() {
        AliasExpander e = expander("""
                sekolah: guru, staf, kepala@b.test
                guru:    dewi, eka
                staf:    budi, anto
                eka:     eka.putri
                """, "");
        assertEquals("dewi@a.test=dewi; eka.putri@a.test=eka.putri; budi@a.test=budi; anto@a.test=anto;"
                + " kepala@b.test=", render(e.expand("sekolah@a.test")));
    }

    @Test
    void aNameInItsOwnListIsDeliveredToItsMailbox() {
        AliasExpander e = expander("root: root, admin\nadmin: dewi\n", "");
        assertEquals("root@a.test=root; dewi@a.test=dewi", render(e.expand("root@a.test")));
        assertEquals("root@localhost=root; dewi@a.test=dewi", render(e.expand("root@localhost")));
        assertEquals("root+cron@a.test=root; dewi@a.test=dewi", render(e.expand("root+cron@a.test")));
    }

    @Test
    void anAddressInItsOwnVirtualResultIsKept() {
        AliasExpander e = expander("", """
                budi@example.org   budi@example.org, anto@b.test
                budi@a.test        budi@a.test, arsip@b.test
                """);
        assertEquals("budi@example.org=; anto@b.test=", render(e.expand("budi@example.org")));
        assertEquals("budi@a.test=budi; arsip@b.test=", render(e.expand("budi@a.test")));
        // in a virtual alias domain the kept address still has nowhere to go, as in Postfix
        AliasExpander hosted = expander("", "example.com anything\nx@example.com x@example.com, y@b.test\n");
        assertEquals("5.1.1 User unknown in virtual alias table", render(hosted.expand("x@example.com")));
    }

    @Test
    void theExtensionIsKeptWhenTheVirtualMatchWasWithoutIt() {
        AliasExpander e = expander("budi: dewi\n", """
                example.com           anything
                budi@example.com      budi.santoso
                abuse                 anto
                info@example.com      joe@b.test, cici
                """);
        assertEquals("budi.santoso+lab@a.test=budi.santoso", render(e.expand("budi+lab@example.com")));
        assertEquals("anto+spam@a.test=anto", render(e.expand("abuse+spam@localhost")));
        assertEquals("joe+x@b.test=; cici+x@a.test=cici", render(e.expand("info+x@example.com")));
        // local(8) does not propagate the extension through aliases(5)
        assertEquals("dewi@a.test=dewi", render(e.expand("budi+lab@a.test")));
        // a local address without an alias keeps its extension; the mailbox is the account
        assertEquals("Anto+Praktikum@a.test=anto", render(e.expand("Anto+Praktikum@a.test")));
    }

    @Test
    void theMostSpecificVirtualEntryWins() {
        AliasExpander e = expander("", """
                budi+lab@a.test   lab@b.test
                budi@a.test       budi@b.test
                budi              budi@c.test
                @a.test           catchall@b.test
                """);
        assertEquals("lab@b.test=", render(e.expand("budi+lab@a.test")));
        assertEquals("budi+x@b.test=", render(e.expand("budi+x@a.test")));
        assertEquals("budi@c.test=", render(e.expand("budi@localhost")));
        assertEquals("catchall@b.test=", render(e.expand("dewi@a.test")));
        assertEquals("catchall@b.test=", render(e.expand("dewi")));
    }

    @Test
    void aBareLocalPartPatternDoesNotMatchRemoteDomains() {
        AliasExpander e = expander("", "abuse  budi\n");
        assertEquals("budi@a.test=budi", render(e.expand("abuse@localhost")));
        assertEquals("abuse@b.test=", render(e.expand("abuse@b.test")));
    }

    @Test
    void aDomainResultMovesTheLocalPart() {
        AliasExpander e = expander("", "old.test anything\n@old.test @a.test\n");
        assertEquals("Budi+x@a.test=budi", render(e.expand("Budi+x@old.test")));
    }

    @Test
    void unqualifiedTargetsGetMyorigin() {
        MailDomains remoteOrigin = new MailDomains("mail.a.test", "a.test", "a.test", List.of("mail.a.test"));
        AliasMaps maps = new AliasMaps(Map.of("staf", List.of("budi", "anto@mail.a.test")),
                Map.of("info@mail.a.test", List.of("staf")), Set.of());
        AliasExpander e = new AliasExpander(maps, remoteOrigin, "+");
        // a.test is not local here: "budi" means budi@a.test and leaves this machine
        assertEquals("budi@a.test=; anto@mail.a.test=anto", render(e.expand("staf@mail.a.test")));
        assertEquals("staf@a.test=", render(e.expand("info@mail.a.test")));
        assertEquals("staf@a.test=", render(e.expand("staf")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "a: b|b: a|| => a@a.test => 5.4.6 mail forwarding loop for <a@a.test>",
        "a: b|b: c, a|| => b@a.test => 5.4.6 mail forwarding loop for <b@a.test>",
        "||x@b.test y@b.test|y@b.test x@b.test => x@b.test => 5.4.6 mail forwarding loop for <x@b.test>",
        "budi: cici@b.test||cici@b.test budi => budi@a.test => 5.4.6 mail forwarding loop for <budi@a.test>",
        "||a.test anything|x@a.test y|y@a.test x => x@a.test => 5.4.6 mail forwarding loop for <x@a.test>",
    })
    void loopsAreRefused(String tables, String recipient, String expected) {
        String[] parts = tables.split("\\|\\|", -1);
        AliasExpander e = expander(parts[0].replace('|', '\n'), parts[1].replace('|', '\n'));
        assertEquals(expected, render(e.expand(recipient)));
    }

    @Test
    void tooManyTargetsExceedTheLimit() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < AliasExpander.MAX_TARGETS; i++) {
            members.add("m" + i + "@b.test");
        }
        AliasMaps ok = new AliasMaps(Map.of("semua", members), Map.of(), Set.of());
        assertEquals(1000, new AliasExpander(ok, DOMAINS, "+").expand("semua").targets().size());
        members.add("satu.lagi@b.test");
        AliasMaps tooMany = new AliasMaps(Map.of("semua", members), Map.of(), Set.of());
        assertEquals("5.7.1 alias expansion limit exceeded",
                render(new AliasExpander(tooMany, DOMAINS, "+").expand("semua")));
    }

    @Test
    void tooDeepNestingExceedsTheLimit() {
        StringBuilder shallow = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            shallow.append("l").append(i).append(": l").append(i + 1).append('\n');
        }
        assertEquals("l40@a.test=l40", render(expander(shallow.toString(), "").expand("l0")));
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            deep.append("d").append(i).append("@b.test d").append(i + 1).append("@b.test\n");
        }
        assertEquals("5.7.1 alias expansion limit exceeded", render(expander("", deep.toString()).expand("d0@b.test")));
    }

    @Test
    void extensionsThatGrowForeverHitTheLimit() {
        AliasExpander e = expander("", "x@b.test x+a@b.test, x+b@b.test\n");
        assertEquals("5.7.1 alias expansion limit exceeded", render(e.expand("x+y@b.test")));
    }

    @Test
    void resultsAreDeduplicatedIgnoringCase() {
        AliasExpander e = expander("""
                semua: staf, budi, BUDI@a.test, budi@localhost, Cici@B.test, guru
                staf: budi, anto, cici@b.test
                guru: anto
                """, "");
        assertEquals("budi@a.test=budi; anto@a.test=anto; cici@b.test=", render(e.expand("semua@a.test")));
    }

    @Test
    void recipientValidationQueries() {
        AliasExpander e = expander(COURSE_ALIASES + "\"tata usaha\": budi\n", VIRTUAL_README + "abuse budi\n");
        assertTrue(e.hasVirtualEntry("info@example.com"));
        assertTrue(e.hasVirtualEntry("INFO+x@EXAMPLE.com"));
        assertTrue(e.hasVirtualEntry("anyone@example.net"), "catch-all");
        assertTrue(e.hasVirtualEntry("abuse@localhost"), "bare local part in a local domain");
        assertTrue(e.hasVirtualEntry("abuse"), "unqualified: @myorigin");
        assertFalse(e.hasVirtualEntry("abuse@b.test"));
        assertFalse(e.hasVirtualEntry("nobody@example.com"));
        assertFalse(e.hasVirtualEntry("not an address"));

        assertTrue(e.hasLocalAlias("postmaster"));
        assertTrue(e.hasLocalAlias("Staf+rapat"));
        assertTrue(e.hasLocalAlias("\"tata usaha\""));
        assertFalse(e.hasLocalAlias("budi"));

        assertTrue(e.isVirtualAliasDomain("Example.COM"));
        assertTrue(e.isVirtualAliasDomain("example.net"));
        assertFalse(e.isVirtualAliasDomain("a.test"));
        assertEquals("budi@a.test=budi", render(e.expand("\"Tata Usaha\"@a.test")));
    }

    @Test
    void emptyMapsLeaveEveryAddressAlone() {
        AliasExpander e = new AliasExpander(AliasMaps.EMPTY, DOMAINS, "");
        assertEquals("budi+x@a.test=budi+x", render(e.expand("budi+x@a.test")));
        assertEquals("x@b.test=", render(e.expand("x@b.test")));
        assertFalse(e.hasLocalAlias("postmaster"));
    }

    @Test
    void membersOfAListWithAnOwnerCarryTheOwnerTheInnermostListWins() {
        var e = expander("""
                kelas:        budi, guru, cici@b.test
                owner-kelas:  budi
                guru:         anto, dewi
                owner-guru:   anto
                staf:         eka
                """, "");
        var targets = e.expand("kelas@a.test").targets();
        assertEquals(List.of("budi@a.test owner-kelas@a.test", "anto@a.test owner-guru@a.test",
                "dewi@a.test owner-guru@a.test", "cici@b.test owner-kelas@a.test"),
                targets.stream().map(t -> t.address() + " " + t.owner()).toList());
        assertEquals("", e.expand("staf@a.test").targets().get(0).owner(), "no owner-staf: no owner");
        assertEquals("", e.expand("budi@a.test").targets().get(0).owner(), "a direct address has no owner");
        assertEquals(List.of("budi@a.test "), e.expand("owner-kelas@a.test").targets().stream()
                .map(t -> t.address() + " " + t.owner()).toList(), "the owner alias itself is a plain alias");
    }
}
