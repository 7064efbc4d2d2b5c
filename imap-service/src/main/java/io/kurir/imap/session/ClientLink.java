package io.kurir.imap.session;

/**
 * What a session knows about its connection: who the client is and how the connection is protected.
 * Plain-text passwords (LOGIN, AUTHENTICATE PLAIN) are accepted only on a secured connection, as
 * Dovecot's {@code disable_plaintext_auth = yes} does: one under TLS, or from {@code mynetworks}.
 *
 * @param address the client's IP address, for the log
 * @param trustedNetwork whether the client is in mynetworks (treated as secure, like Dovecot's localhost)
 * @param implicitTls whether the connection started with TLS (port 993/995)
 * @param startTlsOffered whether STARTTLS may upgrade this connection (plain port with a certificate)
 * @param plaintextAuthAnywhere {@code disable-plaintext-auth = no}: passwords are accepted without TLS too
 */
public record ClientLink(String address, boolean trustedNetwork, boolean implicitTls, boolean startTlsOffered,
        boolean plaintextAuthAnywhere) {
}
