package io.kurir.mail.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.kurir.mail.MailDomains;
import io.kurir.mail.alias.AliasSyntaxException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalRewriterTest {

    /** myorigin a.test; mydestination a.test, mail.a.test, localhost. */
    private static final MailDomains DOMAINS =
            new MailDomains("mail.a.test", "a.test", "a.test", List.of("a.test", "mail.a.test", "localhost"));

    /** ADDRESS_REWRITING_README's canonical examples and a few more. */
    private static final String CANONICAL = """
            wietse                  Wietse.Venema
            wietse@porcupine.org    Wietse.Venema@porcupine.org
            @old.test               @new.test
            joe@a.test              Joe.Doe@a.test
            joe+special@a.test      special@b.test
            @catch.test             catchall@b.test
            eka                     Eka.Putri
            owner@a.test            owners@a.test
            """;

    private static List<CanonicalEntry> table(String text) {
        try {
            return CanonicalFile.parse("canonical", text);
        } catch (AliasSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static CanonicalRewriter common(String text, String delimiter) {
        return new CanonicalRewriter(CanonicalMaps.of(table(text), List.of(), List.of()), DOMAINS, delimiter);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "wietse@a.test => Wietse.Venema@a.test",
        "WIETSE@LocalHost => Wietse.Venema@a.test",
        "wietse@mail.a.test => Wietse.Venema@a.test",
        "wietse => Wietse.Venema@a.test",
        "\"wietse\"@a.test => Wietse.Venema@a.test",
        "wietse@b.test => wietse@b.test",
        "wietse@porcupine.org => Wietse.Venema@porcupine.org",
        "Wietse@PORCUPINE.ORG => Wietse.Venema@porcupine.org",
        "wietse+lists@porcupine.org => Wietse.Venema+lists@porcupine.org",
        "wietse+Lists@a.test => Wietse.Venema+Lists@a.test",
        "budi@old.test => budi@new.test",
        "Budi+Lab@OLD.Test => Budi+Lab@new.test",
        "joe@a.test => Joe.Doe@a.test",
        "joe+foo@a.test => Joe.Doe+foo@a.test",
        "JOE+Foo@A.TEST => Joe.Doe+Foo@a.test",
        "joe+special@a.test => special@b.test",
        "x+y@catch.test => catchall@b.test",
        "\"eka+a b\"@a.test => \"Eka.Putri+a b\"@a.test",
        "owner-list@a.test => owner-list@a.test",
        "+joe@a.test => +joe@a.test",
        "nobody@a.test => nobody@a.test",
        "nobody => nobody",
        "<joe@a.test> => <joe@a.test>",
        "a..b@a.test => a..b@a.test",
    })
    void appliesTheTableSearchOrder(String address, String expected) {
        CanonicalRewriter rewriter = common(CANONICAL, "+");
        assertEquals(expected, rewriter.recipient(address), "recipient " + address);
        assertEquals(expected, rewriter.sender(address), "sender " + address);
    }

    @ParameterizedTest(name = "delimiter ''{0}'': {1} -> {2}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "'' => joe+foo@a.test => joe+foo@a.test",
        "'' => joe@a.test => Joe.Doe@a.test",
        "+- => joe-foo@a.test => Joe.Doe-foo@a.test",
        "+- => owner-list@a.test => owner-list@a.test",
        "- => owner@a.test => owners@a.test",
        "- => joe- => joe-",
    })
    void theRecipientDelimiterDecidesWhatAnExtensionIs(String delimiter, String address, String expected) {
        assertEquals(expected, common(CANONICAL, delimiter).recipient(address));
    }

    @Test
    void anAddressThatNothingChangesIsReturnedAsItIs() {
        CanonicalRewriter rewriter = common(CANONICAL, "+");
        String address = new String("nobody@a.test");
        assertSame(address, rewriter.sender(address));
        assertSame(address, rewriter.recipient(address));
        assertEquals("", rewriter.sender(""), "the null sender stays the null sender");
        String anything = new String("anything@b.test");
        CanonicalRewriter none = new CanonicalRewriter(CanonicalMaps.EMPTY, DOMAINS, "+");
        assertSame(anything, none.recipient(anything));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
        "a@x.test => c@y.test",
        "b@x.test => c@y.test",
        "joe+foo@a.test => jdoe+foo@b.test",
        "loop1@x.test => loop1@x.test",
        "loop2@x.test => loop2@x.test",
        "u@ping.test => u@ping.test",
        "u@pong.test => u@pong.test",
        "self@x.test => SELF@x.test",
    })
    void resultsAreRewrittenAgainUntilTheyStopChanging(String address, String expected) {
        CanonicalRewriter rewriter = common("""
                a@x.test         b@x.test
                b@x.test         c@x.test
                c@x.test         @y.test
                joe              Joe.Doe
                joe.doe@a.test   jdoe@b.test
                loop1@x.test     loop2@x.test
                loop2@x.test     loop1@x.test
                @ping.test       @pong.test
                @pong.test       @ping.test
                self@x.test      SELF@x.test
                """, "+");
        assertEquals(expected, rewriter.recipient(address));
    }

    @Test
    void recursionStopsAfterTenRounds() {
        String chain = IntStream.range(0, 15).mapToObj(i -> "r" + i + "@x.test r" + (i + 1) + "@x.test")
                .collect(Collectors.joining("\n"));
        assertEquals("r10@x.test", common(chain, "+").recipient("r0@x.test"));
        assertEquals("r13@x.test", common(chain, "+").recipient("r3@x.test"));
    }

    @Test
    void theSpecificTableComesBeforeTheCommonOne() {
        CanonicalMaps maps = CanonicalMaps.of(
                table("""
                        joe@a.test      common@a.test
                        s@a.test        s.common@a.test
                        anto            Anto.Wijaya
                        """),
                table("joe@a.test s@a.test\n"),
                table("joe@a.test r@a.test\nanto Anto@b.test\n"));
        CanonicalRewriter rewriter = new CanonicalRewriter(maps, DOMAINS, "+");
        assertEquals("s.common@a.test", rewriter.sender("joe@a.test"));
        assertEquals("r@a.test", rewriter.recipient("joe@a.test"));
        assertEquals("Anto.Wijaya@a.test", rewriter.sender("anto@a.test"));
        assertEquals("Anto@b.test", rewriter.recipient("anto@a.test"));
        assertEquals("x@A.test", rewriter.sender("x@A.test"), "no table has an entry for it");
    }

    @Test
    void rewritesTheAddressesOfAHeader() {
        CanonicalRewriter rewriter = common(CANONICAL, "+");
        assertEquals("Wietse <Wietse.Venema@a.test>, \"Budi, Lab\" <budi+lab@new.test>, group: Joe.Doe@a.test;",
                HeaderAddresses.rewrite("Wietse <wietse@a.test>, \"Budi, Lab\" <budi+lab@old.test>, group: joe;",
                        rewriter::sender));
    }
}
