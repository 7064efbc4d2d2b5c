package io.kurir.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailDomainsTest {

    @Test
    void defaultsArePostfixDefaults() {
        MailDomains d = MailDomains.resolve(Optional.of("mail.sekolah.test"), Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals("sekolah.test", d.mydomain());
        assertEquals("mail.sekolah.test", d.myorigin());
        assertEquals(List.of("mail.sekolah.test", "localhost.sekolah.test", "localhost"), d.mydestination());
    }

    @Test
    void localDomainsMatchCaseInsensitivelyButNotWithTrailingDot() {
        MailDomains d = MailDomains.resolve(Optional.of("mx.a.test"), Optional.empty(), Optional.empty(),
                Optional.of("$myhostname localhost, A.test"));
        assertTrue(d.isLocalDomain("LOCALHOST"));
        assertTrue(d.isLocalDomain("a.test"));
        assertTrue(d.isLocalDomain("MX.A.TEST"));
        assertFalse(d.isLocalDomain("localhost."));
        assertFalse(d.isLocalDomain("b.test"));
    }

    @Test
    void systemHostNameIsUsedWhenUnset() {
        MailDomains d = MailDomains.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertFalse(d.myhostname().isBlank());
        assertTrue(d.isLocalDomain(d.myhostname()));
    }
}
