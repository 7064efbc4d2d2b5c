package io.kurir.imap.transport;

import io.kurir.imap.config.ImapConfig;
import io.kurir.tls.TlsMaterial;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * The one certificate of the IMAP and POP3 listeners (imap-tls-cert-file / imap-tls-key-file, as
 * Dovecot's ssl_cert/ssl_key serve both), loaded once; without a configured one, a self-signed
 * certificate made once at start, so STARTTLS, 993, STLS and 995 all show the same.
 */
@ApplicationScoped
public class ServerTls {

    private static final Logger LOG = Logger.getLogger("imap");

    private final ImapConfig config;
    private PemKeyCertOptions keyCert;

    public ServerTls(ImapConfig config) {
        this.config = config;
    }

    synchronized PemKeyCertOptions keyCert() {
        if (keyCert == null) {
            String hostname = config.domains().myhostname();
            TlsMaterial tls;
            try {
                tls = TlsMaterial.load(config.imapTlsCertFile(), config.imapTlsKeyFile(), hostname, "imap-tls-cert-file",
                        "imap-tls-key-file");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (tls.selfSigned()) {
                LOG.warnf("no imap-tls-cert-file configured: using a self-signed certificate for %s (clients will not trust it)",
                        hostname);
            }
            keyCert = new PemKeyCertOptions().setCertValue(Buffer.buffer(tls.certificatePem()))
                    .setKeyValue(Buffer.buffer(tls.privateKeyPem()));
        }
        return keyCert;
    }

    /**
     * The certificate the listeners show, as PEM: for a client that must be told to trust it (a CA
     * file), e.g. the self-signed one in tests.
     */
    public String certificatePem() {
        return keyCert().getCertValue().toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
