package io.kurir.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A listener's certificate and key in PEM: read from the configured files (Postfix's
 * smtpd_tls_cert_file and smtpd_tls_key_file, Dovecot's ssl_cert and ssl_key), or, when none are
 * configured, a self-signed one generated for {@code myhostname} at start (good for trying Kurir;
 * clients will not trust it).
 *
 * @param certificatePem the certificate chain, PEM
 * @param privateKeyPem the private key, PEM (PKCS#8 or PKCS#1)
 * @param selfSigned whether it was generated here
 */
public record TlsMaterial(String certificatePem, String privateKeyPem, boolean selfSigned) {

    /** TLS versions the listeners accept: 1.2 and newer. */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    /**
     * The configured files, or a self-signed certificate when neither is set.
     *
     * @param certSetting the certificate file's configuration key, named in the error when only one is set
     * @param keySetting the key file's configuration key
     */
    public static TlsMaterial load(Optional<Path> certFile, Optional<Path> keyFile, String hostname, String certSetting,
            String keySetting) throws IOException {
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException(certSetting + " and " + keySetting + " go together: set both or neither");
        }
        if (certFile.isPresent()) {
            return new TlsMaterial(Files.readString(certFile.get(), StandardCharsets.US_ASCII),
                    Files.readString(keyFile.get(), StandardCharsets.US_ASCII), false);
        }
        return selfSigned(hostname);
    }

    /** An RSA-2048 key and a SHA-256 certificate for {@code hostname}, valid for a year. */
    public static TlsMaterial selfSigned(String hostname) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + hostname.replaceAll("[,=+<>#;\"\\\\]", "_"));
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                    keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TlsMaterial(pem("CERTIFICATE", certificate.getEncoded()),
                    pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
