package io.kurir.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"afau@localhost", "fauzan@localhost", "first.last@example.com", "user+ext@a.test",
        "\"john doe\"@example.com", "postmaster", "x@[127.0.0.1]", "x@[IPv6:::1]", "budi@sekolah.sch.id", "ñandú@ejemplo.es"})
    void acceptsValidMailboxes(String text) {
        Optional<MailAddress> parsed = MailAddress.parse(text);
        assertTrue(parsed.isPresent(), "should accept " + text);
        assertEquals(text, parsed.get().toString(), "round trip of " + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@localhost", "a@", "a@@b", "a b@c", ".a@b", "a.@b", "a..b@c", "a@b..c", "a@-b.c",
        "a@b_c", "\"unterminated@x", "a@[1.2.3]", "@a:u@b", "a@b c", "a\u0001@b", "a@b..", "a@."})
    void refusesInvalidMailboxes(String text) {
        assertTrue(MailAddress.parse(text).isEmpty(), "should refuse '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@LocalHost", "a@localhost"})
    void domainComparesCaseInsensitively(String text) {
        assertEquals(Optional.of("localhost"), MailAddress.parse(text).orElseThrow().domainLowerCase());
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongLocalPart() {
        assertTrue(MailAddress.parse("a".repeat(65) + "@b.c").isEmpty(), "65-octet local part must be refused");
        assertTrue(MailAddress.parse("a".repeat(64) + "@b.c").isPresent(), "64-octet local part is allowed");
        assertTrue(MailAddress.parse("\u00e9".repeat(33) + "@b.c").isEmpty(), "limits count octets: 33 x 2 octets");
    }

    @org.junit.jupiter.api.Test
    void userIsTheAccountBehindALocalPart() {
        assertEquals("fauzan", MailAddress.parse("Fauzan+lab@x").orElseThrow().user("+"));
        assertEquals("fauzan", MailAddress.parse("fauzan-lab@x").orElseThrow().user("+-"), "a set of delimiter characters");
        assertEquals("fauzan-lab", MailAddress.parse("fauzan-lab@x").orElseThrow().user("+"));
        assertEquals("fauzan", MailAddress.parse("\"fauzan\"@x").orElseThrow().user("+"), "quotes around a plain local part");
        assertEquals("\"fauzan x\"", MailAddress.parse("\"fauzan x\"@x").orElseThrow().user("+"), "a real quoted part stays");
        assertEquals("+fauzan", MailAddress.parse("+fauzan@x").orElseThrow().user("+"), "a leading delimiter is no extension");
        assertEquals("fauzan", MailAddress.parse("fauzan@x").orElseThrow().user(""));
    }

    @org.junit.jupiter.api.Test
    void acceptsOneTrailingDotAndInternationalDomains() {
        assertTrue(MailAddress.parse("fauzan@localhost.").isPresent(), "Postfix accepts a trailing dot");
        assertTrue(MailAddress.parse("user@\u0909\u0926\u093e\u0939\u0930\u0923.\u092a\u0930\u0940\u0915\u094d\u0937\u093e").isPresent(),
                "Devanagari domain with combining marks");
    }

    @Test
    void theExtensionKeepsItsCaseAndNeedsADelimiter() {
        assertEquals(java.util.Optional.of("Praktikum"), MailAddress.parse("Fauzan+Praktikum@localhost").orElseThrow().extension("+"));
        assertEquals(java.util.Optional.of("a+b"), MailAddress.parse("fauzan+a+b@localhost").orElseThrow().extension("+"));
        assertEquals(java.util.Optional.empty(), MailAddress.parse("fauzan@localhost").orElseThrow().extension("+"));
        assertEquals(java.util.Optional.empty(), MailAddress.parse("fauzan+@localhost").orElseThrow().extension("+"));
        assertEquals(java.util.Optional.of("x"), MailAddress.parse("fauzan-x@localhost").orElseThrow().extension("+-"));
    }
}
