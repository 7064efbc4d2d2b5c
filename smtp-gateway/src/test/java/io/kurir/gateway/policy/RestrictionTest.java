package io.kurir.gateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.store.AccessKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RestrictionTest {

    @Test
    void parsesAMainCfStyleList() {
        assertEquals(List.of(new Restriction.PermitMynetworks(), new Restriction.PermitSaslAuthenticated(),
                new Restriction.CheckAccess(AccessKind.CLIENT),
                new Restriction.RejectRblClient(io.kurir.gateway.dns.DnsblSite.parse("zen.spamhaus.org")),
                new Restriction.RejectInvalidHeloHostname(), new Restriction.Permit()),
                Restriction.parseList("x", "permit_mynetworks,\n  permit_sasl_authenticated check_client_access, "
                        + "reject_rbl_client Zen.Spamhaus.org reject_invalid_helo_hostname, PERMIT"));
        assertEquals(List.of(), Restriction.parseList("x", "  "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "reject_unknown_helo_hostname | smtpd-helo-restrictions: unknown or unsupported restriction \"reject_unknown_helo_hostname\"",
        "check_sender_access hash:/etc/postfix/sender_access | smtpd-helo-restrictions: check_sender_access hash:/etc/postfix/sender_access: Kurir keeps access tables in PostgreSQL; import the file with ./kurir access import and write check_sender_access alone",
        "reject_rbl_client | smtpd-helo-restrictions: reject_rbl_client needs a DNS blocklist domain",
        "reject_rbl_client permit | smtpd-helo-restrictions: reject_rbl_client: bad DNSBL domain in 'permit'",
        "reject_rbl_client bl..test | smtpd-helo-restrictions: reject_rbl_client: bad DNSBL domain in 'bl..test'",
    })
    void refusesWhatItCannotDo(String list, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> Restriction.parseList("smtpd-helo-restrictions", list));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.com", "mail.example.com.", "localhost", "under_score.example", "[127.0.0.1]",
        "[IPv6:2001:db8::1]", "192.0.2.1", "xn--bcher-kva.example"})
    void validHeloNames(String helo) {
        assertTrue(HeloName.valid(helo), helo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad host", "-lead.example", "trail-.example", "a..b", "bad!name", "1.2.3.4.5", "999.1.1.1",
        "[not.an.ip]", "b\u00fccher.example", ".", ""})
    void invalidHeloNames(String helo) {
        assertFalse(HeloName.valid(helo), helo);
    }

    @Test
    void fullyQualifiedHeloNames() {
        assertTrue(HeloName.fullyQualified("mail.example.com"));
        assertTrue(HeloName.fullyQualified("[192.0.2.1]"));
        assertFalse(HeloName.fullyQualified("localhost"));
        assertFalse(HeloName.fullyQualified("localhost."));
        assertFalse(HeloName.fullyQualified(".example"));
    }
}
