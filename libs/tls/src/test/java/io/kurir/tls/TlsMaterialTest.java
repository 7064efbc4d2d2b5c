package io.kurir.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    @Test
    void selfSignedCertificateNamesTheHostAndParses() throws Exception {
        TlsMaterial tls = TlsMaterial.load(Optional.empty(), Optional.empty(), "mx.kurir.test", "smtpd-tls-cert-file", "smtpd-tls-key-file");
        assertTrue(tls.selfSigned());
        assertTrue(tls.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8 PEM key");
        var cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(tls.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertEquals("CN=mx.kurir.test", cert.getSubjectX500Principal().getName());
        assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(n -> "mx.kurir.test".equals(n.get(1))));
        cert.checkValidity();
    }

    @Test
    void hostileHostNameCannotInjectDistinguishedNameParts() throws Exception {
        TlsMaterial tls = TlsMaterial.selfSigned("evil,O=Bank+CN=x");
        var cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(tls.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertEquals("CN=evil_O_Bank_CN_x", cert.getSubjectX500Principal().getName(), "one CN, no injected O=");
    }

    @Test
    void configuredFilesAreReadAndHalfAConfigurationIsAClearError(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "CERT");
        Path key = Files.writeString(dir.resolve("key.pem"), "KEY");
        TlsMaterial tls = TlsMaterial.load(Optional.of(cert), Optional.of(key), "mx", "smtpd-tls-cert-file", "smtpd-tls-key-file");
        assertFalse(tls.selfSigned());
        assertEquals("CERT", tls.certificatePem());
        var half = assertThrows(IllegalArgumentException.class, () -> TlsMaterial.load(Optional.of(cert), Optional.empty(), "mx", "smtpd-tls-cert-file", "smtpd-tls-key-file"));
        assertEquals("smtpd-tls-cert-file and smtpd-tls-key-file go together: set both or neither", half.getMessage());
        assertThrows(NoSuchFileException.class,
                () -> TlsMaterial.load(Optional.of(dir.resolve("missing.pem")), Optional.of(key), "mx", "smtpd-tls-cert-file", "smtpd-tls-key-file"));
    }
}
