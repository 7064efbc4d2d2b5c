package io.kurir.rewrite.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.mail.MailDomains;
import io.kurir.mail.payload.Recipient;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecipientResolverTest {

    final RecipientResolver resolver = new RecipientResolver(
            MailDomains.resolve(Optional.of("mx.kurir.test"), Optional.empty(), Optional.empty(), Optional.empty()), "+");

    @Test
    void localDomainsResolveToTheLocalTransportAndTheAccount() {
        assertEquals(new Recipient("Fauzan+lab@LocalHost", "Fauzan+lab@LocalHost", "local", "mx.kurir.test", "fauzan"),
                resolver.resolve("Fauzan+lab@LocalHost"));
        assertEquals(new Recipient("anto@mx.kurir.test", "anto@mx.kurir.test", "local", "mx.kurir.test", "anto"),
                resolver.resolve("anto"), "unqualified gets @myorigin");
    }

    @Test
    void otherDomainsResolveToSmtpWithTheDomainAsNextHop() {
        assertEquals(new Recipient("budi@b.test", "budi@b.test", "smtp", "b.test", ""), resolver.resolve("budi@b.test"));
    }

    @Test
    void theNullSenderStaysNull() {
        assertEquals("", resolver.qualify(""));
        assertEquals("afau@mx.kurir.test", resolver.qualify("afau"));
        assertEquals("afau@localhost", resolver.qualify("afau@localhost"));
    }
}
