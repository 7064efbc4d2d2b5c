package io.kurir.delivery.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * From a fresh connection to one ready for MAIL FROM: greeting, EHLO (HELO when EHLO is
 * rejected), STARTTLS per the TLS level and EHLO again, then AUTH when a password is configured.
 * Any failure is a {@link SessionFailure}: the caller tries the next address.
 */
final class SessionSetup {

    private final SmtpSettings settings;
    private final SSLContext tlsContext;

    SessionSetup(SmtpSettings settings, SSLContext tlsContext) {
        this.settings = settings;
        this.tlsContext = tlsContext;
    }

    void open(SmtpConnection conn, NextHop hop) throws SessionFailure {
        Target t = conn.target();
        // RFC 5321 section 3.1 and 4.3.2: 220 opens the session, 554 (or 421) refuses it
        ServerReply greeting = conn.read(Stage.GREETING);
        if (!greeting.positive()) {
            throw SessionFailure.withReply(t, greeting, "host " + t.label() + " refused to talk to me: "
                    + ReplyReader.printable(greeting.text(), 2000));
        }
        hello(conn);
        startTls(conn, hop);
        authenticate(conn, hop);
    }

    /** RFC 5321 section 4.1.1.1: EHLO; a server that rejects it with 5yz (an RFC 821 server) gets HELO. */
    private void hello(SmtpConnection conn) throws SessionFailure {
        ServerReply ehlo = conn.command("EHLO " + settings.myhostname(), Stage.EHLO);
        if (ehlo.positive()) {
            conn.features(EhloFeatures.parse(ehlo));
            return;
        }
        if (!ehlo.permanentFailure()) {
            throw SessionFailure.rejected(conn.target(), ehlo, Stage.EHLO);
        }
        ServerReply helo = conn.command("HELO " + settings.myhostname(), Stage.HELO);
        if (!helo.positive()) {
            throw SessionFailure.rejected(conn.target(), helo, Stage.HELO);
        }
        conn.features(EhloFeatures.NONE);
    }

    /** RFC 3207: STARTTLS when offered (level may) or required (level encrypt), then EHLO again (section 4.2). */
    private void startTls(SmtpConnection conn, NextHop hop) throws SessionFailure {
        TlsLevel level = settings.tlsLevel(hop);
        Target t = conn.target();
        if (level == TlsLevel.NONE) {
            return;
        }
        if (!conn.features().has("STARTTLS")) {
            if (level == TlsLevel.ENCRYPT) {
                throw SessionFailure.local(t, "4.7.5", "TLS is required, but was not offered by host " + t.label());
            }
            return;
        }
        ServerReply reply = conn.command("STARTTLS", Stage.STARTTLS);
        if (reply.code() != 220) {
            if (level == TlsLevel.ENCRYPT || reply.code() == 421) {
                throw SessionFailure.withReply(t, reply, "TLS is required, but host " + t.label()
                        + " refused to start TLS: " + ReplyReader.printable(reply.text(), 2000));
            }
            return; // opportunistic: go on in plaintext, as Postfix does
        }
        conn.startTls(tlsContext);
        hello(conn);
    }

    /** RFC 4954: AUTH PLAIN (RFC 4616), else LOGIN, when the next hop has a password and the server offers AUTH. */
    private void authenticate(SmtpConnection conn, NextHop hop) throws SessionFailure {
        Optional<String[]> credentials = credentials(hop, conn.target());
        Set<String> mechanisms = conn.features().authMechanisms();
        if (credentials.isEmpty() || mechanisms.isEmpty()) {
            return; // like Postfix: without AUTH on offer the mail goes unauthenticated
        }
        String user = credentials.get()[0];
        String password = credentials.get()[1];
        ServerReply reply;
        if (mechanisms.contains("PLAIN")) {
            // RFC 4954 section 4: the initial response on the AUTH line; RFC 4616 section 2: authzid NUL authcid NUL passwd
            reply = conn.command("AUTH PLAIN " + base64("\0" + user + "\0" + password), Stage.AUTH);
        } else if (mechanisms.contains("LOGIN")) {
            reply = conn.command("AUTH LOGIN", Stage.AUTH);
            if (reply.code() == 334) {
                reply = conn.command(base64(user), Stage.AUTH);
            }
            if (reply.code() == 334) {
                reply = conn.command(base64(password), Stage.AUTH);
            }
        } else {
            return; // no mechanism we speak
        }
        if (reply.code() == 334) {
            // the server wants more than the mechanism has: cancel (RFC 4954 section 4)
            reply = conn.command("*", Stage.AUTH);
        }
        if (reply.code() != 235) {
            Target t = conn.target();
            throw SessionFailure.withReply(t, reply, "SASL authentication failed; server " + t.label() + " said: "
                    + ReplyReader.printable(reply.text(), 2000));
        }
    }

    /** {@code smtp-sasl-password-maps}: by next hop (most specific first), then by server name. */
    private Optional<String[]> credentials(NextHop hop, Target t) {
        List<String> keys = new ArrayList<>(hop.lookupKeys());
        keys.add(t.hostname());
        for (String key : keys) {
            String value = settings.saslPasswordMaps().get(key);
            if (value != null) {
                int colon = value.indexOf(':');
                return colon < 0 ? Optional.empty()
                        : Optional.of(new String[] {value.substring(0, colon), value.substring(colon + 1)});
            }
        }
        return Optional.empty();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
