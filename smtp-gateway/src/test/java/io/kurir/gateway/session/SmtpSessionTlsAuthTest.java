package io.kurir.gateway.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.gateway.policy.AuthResult;
import io.kurir.gateway.session.SmtpSession.After;
import io.kurir.gateway.session.SmtpSession.Step;
import io.kurir.smtp.codec.BareNewline;
import io.kurir.smtp.codec.SmtpCommandParser;
import io.kurir.smtp.codec.SmtpInput;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** STARTTLS (RFC 3207) and AUTH (RFC 4954) in the session state machine, per listener. */
class SmtpSessionTlsAuthTest {

    static final SessionSettings MX = new SessionSettings("mx.kurir.test", 1000, 10, 20, BareNewline.NORMALIZE,
            Listener.MX, true, true, false, false, HeaderSize.DEFAULT_LIMIT, java.util.Set.of(), true,
            java.util.Set.of("localhost", "mx.kurir.test"));

    private static Step line(SmtpSession s, String line) {
        return s.onInput(new SmtpInput.CommandLine(line), SmtpCommandParser::parse);
    }

    private static String text(Step step) {
        return new String(assertInstanceOf(Step.Reply.class, step).reply().encode(), StandardCharsets.UTF_8).trim();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mxOffersStartTlsThenAuthAndForgetsTheEhloAfterTheHandshake() {
        SmtpSession s = new SmtpSession(MX);
        String ehlo = text(line(s, "EHLO client.test"));
        assertTrue(ehlo.contains("250-STARTTLS"), ehlo);
        assertFalse(ehlo.contains("AUTH"), "no AUTH before TLS (smtpd_tls_auth_only):\n" + ehlo);
        assertEquals("503 5.5.1 Error: authentication not enabled", text(line(s, "AUTH PLAIN " + b64("\0u\0p"))));
        Step starttls = line(s, "STARTTLS");
        assertEquals("220 2.0.0 Ready to start TLS", text(starttls));
        assertEquals(After.START_TLS, ((Step.Reply) starttls).after());
        s.tlsStarted();
        assertEquals("503 5.5.1 Error: send HELO/EHLO first", text(line(s, "AUTH PLAIN " + b64("\0u\0p"))),
                "RFC 3207 4.2: the EHLO before TLS is forgotten");
        String tlsEhlo = text(line(s, "EHLO client.test"));
        assertEquals("250-mx.kurir.test\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-ETRN\r\n250-AUTH PLAIN LOGIN\r\n"
                + "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING", tlsEhlo);
        assertEquals("554 5.5.1 Error: TLS already active", text(line(s, "STARTTLS")));
        var auth = assertInstanceOf(Step.Authenticate.class, line(s, "AUTH PLAIN " + b64("\0fauzan\0rahasia")));
        assertEquals("fauzan", auth.user());
        assertArrayEquals("rahasia".toCharArray(), auth.password());
        assertEquals("235 2.7.0 Authentication successful", text(s.authenticated(new AuthResult.Success("fauzan"))));
        assertEquals("503 5.5.1 Error: already authenticated", text(line(s, "AUTH LOGIN")));
        assertFalse(text(line(s, "EHLO again")).contains("AUTH"), "AUTH is not offered once authenticated");
        line(s, "MAIL FROM:<fauzan@localhost>");
        s.recipientChecked(io.kurir.mail.MailAddress.parse("x@localhost").orElseThrow(),
                io.kurir.gateway.policy.PolicyResult.accept());
        line(s, "DATA");
        var enqueue = assertInstanceOf(Step.Enqueue.class, s.onInput(new SmtpInput.MessageData(new byte[0], 0, false, false),
                SmtpCommandParser::parse));
        assertEquals("ESMTPSA", enqueue.envelope().protocol(), "RFC 3848 protocol for the Received header");
    }

    @Test
    void submissionRequiresTlsThenAuthBeforeMail() {
        SmtpSession s = new SmtpSession(MX.on(Listener.SUBMISSION));
        line(s, "EHLO c");
        assertEquals("530 5.7.0 Must issue a STARTTLS command first", text(line(s, "MAIL FROM:<a@b.test>")));
        line(s, "STARTTLS");
        s.tlsStarted();
        line(s, "EHLO c");
        assertEquals("530 5.7.0 Authentication required", text(line(s, "MAIL FROM:<a@b.test>")));
        line(s, "AUTH PLAIN " + b64("\0u\0p"));
        s.authenticated(new AuthResult.Success("u"));
        assertEquals("250 2.1.0 Ok", text(line(s, "MAIL FROM:<a@b.test>")));
    }

    @Test
    void smtpsStartsInTlsAndOffersAuthRightAway() {
        SmtpSession s = new SmtpSession(MX.on(Listener.SMTPS));
        String ehlo = text(line(s, "EHLO c"));
        assertTrue(ehlo.contains("AUTH PLAIN LOGIN") && !ehlo.contains("STARTTLS"), ehlo);
        assertEquals("530 5.7.0 Authentication required", text(line(s, "MAIL FROM:<a@b.test>")));
    }

    @Test
    void loginMechanismAsksForUserThenPassword() {
        SmtpSession s = new SmtpSession(MX.on(Listener.SMTPS));
        line(s, "EHLO c");
        assertEquals("334 VXNlcm5hbWU6", text(line(s, "AUTH LOGIN")));
        assertEquals("334 UGFzc3dvcmQ6", text(line(s, b64("budi"))));
        var auth = assertInstanceOf(Step.Authenticate.class, line(s, b64("s3cret")));
        assertEquals("budi", auth.user());
        assertEquals("535 5.7.8 Error: authentication failed: authentication failure",
                text(s.authenticated(new AuthResult.Failure())));
        assertEquals("334", text(line(s, "AUTH PLAIN")), "PLAIN without initial response: empty challenge");
        assertInstanceOf(Step.Authenticate.class, line(s, b64("budi\0budi\0pw")), "authzid equal to authcid is fine");
        assertEquals("454 4.7.0 Error: too many authentication failures, try again later",
                text(s.authenticated(new AuthResult.Throttled())));
    }

    @Test
    void badSaslInputIsRefusedAndTheSessionGoesOn() {
        SmtpSession s = new SmtpSession(MX.on(Listener.SMTPS));
        assertEquals("503 5.5.1 Error: send HELO/EHLO first", text(line(s, "AUTH PLAIN")));
        line(s, "EHLO c");
        assertEquals("504 5.5.4 Unrecognized authentication type", text(line(s, "AUTH CRAM-MD5")));
        assertEquals("501 5.5.4 Syntax: AUTH mechanism", text(line(s, "AUTH")));
        assertEquals("501 5.5.2 Cannot decode response", text(line(s, "AUTH PLAIN !!!notbase64")));
        assertEquals("501 5.5.2 Cannot decode response", text(line(s, "AUTH PLAIN " + b64("admin\0budi\0pw"))),
                "an authzid other than the authcid is refused");
        assertEquals("501 5.5.2 Cannot decode response", text(line(s, "AUTH PLAIN " + b64("no-nul-at-all"))));
        line(s, "AUTH LOGIN");
        assertEquals("501 5.7.0 Authentication aborted", text(line(s, "*")));
        assertEquals("250 2.0.0 Ok", text(line(s, "NOOP")), "back to commands after the abort");
        line(s, "AUTH PLAIN");
        assertEquals("500 5.5.2 Error: line too long", text(s.onInput(new SmtpInput.CommandTooLong(), SmtpCommandParser::parse)));
        assertEquals("250 2.0.0 Ok", text(line(s, "NOOP")), "an over-long response ends the exchange");
    }

    @Test
    void theAuthMailParameterIsAcceptedWhereAuthIsOffered() {
        SmtpSession plain = new SmtpSession(MX);
        line(plain, "EHLO c");
        assertEquals("555 5.5.4 Unsupported option: AUTH=<>", text(line(plain, "MAIL FROM:<a@b.test> AUTH=<>")),
                "no AUTH extension before TLS, so no AUTH= parameter");
        SmtpSession s = new SmtpSession(MX.on(Listener.SMTPS));
        line(s, "EHLO c");
        line(s, "AUTH PLAIN " + b64("\0budi\0pw"));
        s.authenticated(new AuthResult.Success("budi"));
        assertEquals("250 2.1.0 Ok", text(line(s, "MAIL FROM:<budi@localhost> AUTH=budi+40localhost")));
        line(s, "RSET");
        assertEquals("250 2.1.0 Ok", text(line(s, "MAIL FROM:<budi@localhost> AUTH=<>")));
    }

    @Test
    void authIsRefusedInsideATransaction() {
        SmtpSession s = new SmtpSession(MX);
        line(s, "EHLO c");
        line(s, "STARTTLS");
        s.tlsStarted();
        line(s, "EHLO c");
        line(s, "MAIL FROM:<a@b.test>");
        assertEquals("503 5.5.1 Error: MAIL transaction in progress", text(line(s, "AUTH PLAIN " + b64("\0u\0p"))));
    }

    @Test
    void withoutACertificateStartTlsIsNeitherOfferedNorAccepted() {
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx", 0, 10, 20, BareNewline.NORMALIZE));
        assertFalse(text(line(s, "EHLO c")).contains("STARTTLS"));
        assertEquals("502 5.5.1 Error: command not implemented", text(line(s, "STARTTLS")));
        assertEquals("501 5.5.4 Syntax: STARTTLS", text(line(s, "STARTTLS now")));
    }
}
