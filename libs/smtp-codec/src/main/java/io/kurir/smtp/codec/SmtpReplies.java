package io.kurir.smtp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every reply the SMTP server sends, worded exactly as Postfix's smtpd words it, because
 * administrators and their log searches know these texts. This is the one place that maps a
 * situation to a reply; callers never build reply text themselves.
 *
 * <p>Texts never reveal configuration or internals. Enhanced status codes follow RFC 3463; RFC 2034
 * section 3 exempts the greeting and the HELO/EHLO replies, and Postfix also sends the 354 and the
 * HELO/EHLO syntax errors without one.
 */
public final class SmtpReplies {

    // ---- positive replies --------------------------------------------------------------------

    /** MAIL accepted: {@code 250 2.1.0 Ok}. */
    public static final SmtpReply MAIL_OK = SmtpReply.of(250, "2.1.0", "Ok");
    /** RCPT accepted: {@code 250 2.1.5 Ok}. */
    public static final SmtpReply RCPT_OK = SmtpReply.of(250, "2.1.5", "Ok");
    /** RSET and NOOP: {@code 250 2.0.0 Ok}. */
    public static final SmtpReply OK = SmtpReply.of(250, "2.0.0", "Ok");
    /** DATA accepted, RFC 5321 section 4.1.1.4: {@code 354 End data with <CR><LF>.<CR><LF>}. */
    public static final SmtpReply START_DATA = SmtpReply.basic(354, "End data with <CR><LF>.<CR><LF>");
    /** QUIT: {@code 221 2.0.0 Bye}. */
    public static final SmtpReply BYE = SmtpReply.of(221, "2.0.0", "Bye");

    // ---- command syntax and sequence ---------------------------------------------------------

    /** Unknown verb (also HELP, EXPN, TURN, ... which Kurir does not implement). */
    public static final SmtpReply COMMAND_NOT_RECOGNIZED = SmtpReply.of(502, "5.5.2", "Error: command not recognized");
    /** Empty command line. */
    public static final SmtpReply BAD_SYNTAX = SmtpReply.of(500, "5.5.2", "Error: bad syntax");
    /** Command line longer than the limit (RFC 5321 section 4.5.3.1.4). */
    public static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.2", "Error: line too long");
    /** MAIL, RCPT or DATA before HELO/EHLO. */
    public static final SmtpReply SEND_HELO_FIRST = SmtpReply.of(503, "5.5.1", "Error: send HELO/EHLO first");
    /** MAIL inside a transaction. */
    public static final SmtpReply NESTED_MAIL = SmtpReply.of(503, "5.5.1", "Error: nested MAIL command");
    /** RCPT without MAIL. */
    public static final SmtpReply NEED_MAIL = SmtpReply.of(503, "5.5.1", "Error: need MAIL command");
    /** DATA without an accepted RCPT. */
    public static final SmtpReply NEED_RCPT = SmtpReply.of(503, "5.5.1", "Error: need RCPT command");
    /**
     * DATA after MAIL when every RCPT was rejected. Postfix sends this instead of {@link #NEED_RCPT}
     * once a MAIL transaction is open; provided for sessions that want that distinction.
     */
    public static final SmtpReply NO_VALID_RECIPIENTS = SmtpReply.of(554, "5.5.1", "Error: no valid recipients");
    /** MAIL without {@code FROM:} and a path. */
    public static final SmtpReply MAIL_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: MAIL FROM:<address>");
    /** RCPT without {@code TO:} and a path. */
    public static final SmtpReply RCPT_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: RCPT TO:<address>");
    /** EHLO without a domain. */
    public static final SmtpReply EHLO_SYNTAX = SmtpReply.basic(501, "Syntax: EHLO hostname");
    /** HELO without a domain. */
    public static final SmtpReply HELO_SYNTAX = SmtpReply.basic(501, "Syntax: HELO hostname");
    /** DATA with arguments. */
    public static final SmtpReply DATA_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: DATA");
    /** RSET with arguments. */
    public static final SmtpReply RSET_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: RSET");
    /** Unparseable reverse-path. */
    public static final SmtpReply BAD_SENDER_SYNTAX = SmtpReply.of(501, "5.1.7", "Bad sender address syntax");
    /** Unparseable or empty forward-path. */
    public static final SmtpReply BAD_RECIPIENT_SYNTAX = SmtpReply.of(501, "5.1.3", "Bad recipient address syntax");
    /** MAIL {@code SIZE=} with a non-numeric value (RFC 1870). */
    public static final SmtpReply BAD_SIZE_SYNTAX = SmtpReply.of(501, "5.5.4", "Bad message size syntax");

    /**
     * Postfix's answer to a client that talks before the greeting or sends commands where RFC 2920
     * says it must wait (smtpd_forbid_unauth_pipelining); the server hangs up after it.
     */
    public static final SmtpReply PROTOCOL_SYNCHRONIZATION = SmtpReply.of(554, "5.5.0", "Error: SMTP protocol synchronization");

    /** One header longer than header_size_limit (Postfix would cut it short; Kurir refuses the message). */
    public static final SmtpReply HEADER_TOO_BIG = SmtpReply.of(552, "5.6.0", "Error: message header size exceeds limit");

    /** A malformed or repeated MAIL parameter such as RET or ENVID (RFC 3461), in Postfix's words. */
    public static SmtpReply badMailParameter(String keyword) {
        return SmtpReply.of(501, "5.5.4", "Bad " + keyword + " parameter syntax");
    }

    /** A malformed or repeated RCPT parameter such as NOTIFY or ORCPT (RFC 3461), in Postfix's words. */
    public static SmtpReply badRcptParameter(String keyword) {
        return SmtpReply.of(501, "5.5.4", "Error: Bad " + keyword + " parameter syntax");
    }
    /** VRFY when disabled ({@code disable_vrfy_command = yes}). */
    /** RFC 6531 section 3.7.4.1 / Postfix: a UTF-8 address without the SMTPUTF8 parameter. */
    public static final SmtpReply UNDECLARED_SMTPUTF8 = SmtpReply.of(553, "5.6.7", "Must declare SMTPUTF8 to send unicode address");

    public static final SmtpReply BDAT_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: BDAT count [LAST]");

    /** RFC 3030 section 3: DATA and BDAT are not mixed in one transaction. */
    public static final SmtpReply BDAT_DATA_MIXED = SmtpReply.of(503, "5.5.1", "Error: DATA and BDAT cannot be mixed in one transaction");

    public static final SmtpReply VRFY_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: VRFY address");

    public static final SmtpReply VRFY_DISABLED = SmtpReply.of(502, "5.5.1", "VRFY command is disabled");

    // ---- ETRN (RFC 1985) ---------------------------------------------------------------------
    // Postfix's etrn_cmd sends these without an enhanced status code, even after EHLO; so does Kurir.

    /** RFC 1985 section 5: the queue run for the node has started. */
    public static final SmtpReply QUEUING_STARTED = SmtpReply.basic(250, "Queuing started");
    /** ETRN before HELO/EHLO (Postfix words it without the 5.5.1 that MAIL gets). */
    public static final SmtpReply ETRN_SEND_HELO_FIRST = SmtpReply.basic(503, "Error: send HELO/EHLO first");
    /** ETRN after MAIL, before the transaction ended. */
    public static final SmtpReply ETRN_IN_TRANSACTION = SmtpReply.basic(503, "Error: MAIL transaction in progress");
    /** ETRN without exactly one argument. */
    public static final SmtpReply ETRN_SYNTAX = SmtpReply.basic(500, "Syntax: ETRN domain");
    /** ETRN with an argument that is neither a host name nor an address literal. */
    public static final SmtpReply ETRN_INVALID_PARAMETER = SmtpReply.basic(501, "Error: invalid parameter syntax");
    /** RFC 1985 section 5: the server cannot start the queue (named queues, a queue that cannot be reached). */
    public static final SmtpReply UNABLE_TO_QUEUE = SmtpReply.basic(458, "Unable to queue messages");

    /** RFC 1985 section 5: the server refuses to start the queue for this node: {@code 459 <node>: service unavailable}. */
    public static SmtpReply etrnRefused(String node) {
        return SmtpReply.basic(459, "<" + node + ">: service unavailable");
    }

    // ---- limits, policy, resources -----------------------------------------------------------

    /** MAIL {@code SIZE=} above {@code message_size_limit} (RFC 1870 section 6). */
    public static final SmtpReply SIZE_EXCEEDS_LIMIT = SmtpReply.of(552, "5.3.4", "Message size exceeds fixed limit");
    /** Message content above {@code message_size_limit} at end of DATA. */
    public static final SmtpReply MESSAGE_TOO_BIG = SmtpReply.of(552, "5.3.4", "Error: message file too big");
    /** RCPT beyond {@code smtpd_recipient_limit}. */
    public static final SmtpReply TOO_MANY_RECIPIENTS = SmtpReply.of(452, "4.5.3", "Error: too many recipients");
    /** The message could not be stored. */
    public static final SmtpReply QUEUE_WRITE_ERROR = SmtpReply.of(451, "4.3.0", "Error: queue file write error");
    /** Message content contained a bare LF and {@code smtpd_forbid_bare_newline = reject}. */
    /** RFC 3207 section 4. */
    public static final SmtpReply READY_FOR_TLS = SmtpReply.of(220, "2.0.0", "Ready to start TLS");

    public static final SmtpReply STARTTLS_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: STARTTLS");

    public static final SmtpReply TLS_ALREADY_ACTIVE = SmtpReply.of(554, "5.5.1", "Error: TLS already active");

    /** A command this listener does not offer (STARTTLS without a certificate, AUTH where it is off). */
    public static final SmtpReply NOT_IMPLEMENTED = SmtpReply.of(502, "5.5.1", "Error: command not implemented");

    /** RFC 3207 section 4 / Postfix with smtpd_tls_security_level=encrypt. */
    public static final SmtpReply STARTTLS_FIRST = SmtpReply.of(530, "5.7.0", "Must issue a STARTTLS command first");

    /** RFC 4954 section 6. */
    public static final SmtpReply AUTH_REQUIRED = SmtpReply.of(530, "5.7.0", "Authentication required");

    /** Postfix, when AUTH is not offered on this listener or not yet (before STARTTLS). */
    public static final SmtpReply AUTH_NOT_ENABLED = SmtpReply.of(503, "5.5.1", "Error: authentication not enabled");

    public static final SmtpReply AUTH_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: AUTH mechanism");

    public static final SmtpReply AUTH_OK = SmtpReply.of(235, "2.7.0", "Authentication successful");

    /** RFC 4954 section 6: 535 5.7.8; Postfix adds the mechanism. */
    public static final SmtpReply AUTH_FAILED = SmtpReply.of(535, "5.7.8", "Error: authentication failed: authentication failure");

    public static final SmtpReply AUTH_ABORTED = SmtpReply.of(501, "5.7.0", "Authentication aborted");

    public static final SmtpReply AUTH_BAD_BASE64 = SmtpReply.of(501, "5.5.2", "Cannot decode response");

    public static final SmtpReply ALREADY_AUTHENTICATED = SmtpReply.of(503, "5.5.1", "Error: already authenticated");

    public static final SmtpReply AUTH_IN_TRANSACTION = SmtpReply.of(503, "5.5.1", "Error: MAIL transaction in progress");

    public static final SmtpReply UNKNOWN_MECHANISM = SmtpReply.of(504, "5.5.4", "Unrecognized authentication type");

    /** Postfix's smtpd_client_auth_rate_limit and failed-attempt throttling. */
    public static final SmtpReply AUTH_THROTTLED = SmtpReply.of(454, "4.7.0", "Error: too many authentication failures, try again later");

    public static final SmtpReply BARE_LF = SmtpReply.of(550, "5.5.2", "Error: bare <LF> received");

    private SmtpReplies() {
    }

    /** Connection greeting, RFC 5321 section 4.2: {@code 220 <host> ESMTP Kurir}. */
    public static SmtpReply greeting(String host) {
        return SmtpReply.basic(220, host + " ESMTP Kurir");
    }

    /**
     * EHLO response, RFC 5321 section 4.1.1.1: {@code 250-<host>} then one line per extension
     * keyword, for example {@code PIPELINING}, {@code SIZE 10240000}, {@code ENHANCEDSTATUSCODES}.
     */
    public static SmtpReply ehlo(String host, List<String> keywords) {
        List<String> lines = new ArrayList<>(keywords.size() + 1);
        lines.add(host);
        lines.addAll(keywords);
        return new SmtpReply(250, Optional.empty(), lines);
    }

    /** HELO response: {@code 250 <host>}. */
    public static SmtpReply helo(String host) {
        return SmtpReply.basic(250, host);
    }

    /** End of DATA, message stored: {@code 250 2.0.0 Ok: queued as <queueId>}. */
    /** RFC 4954 section 4: a server challenge, already base64 ({@code ""} for an empty one). */
    public static SmtpReply challenge(String base64) {
        return SmtpReply.basic(334, base64);
    }

    /** RFC 3030: a chunk that is not the last. */
    public static SmtpReply chunkReceived(long octets) {
        return SmtpReply.of(250, "2.0.0", "Ok: " + octets + " bytes");
    }

    public static SmtpReply queued(String queueId) {
        return SmtpReply.of(250, "2.0.0", "Ok: queued as " + queueId);
    }

    /**
     * A MAIL or RCPT parameter the server does not support:
     * {@code 555 5.5.4 Unsupported option: <param>} (RFC 5321 section 4.1.1.11 requires 555).
     *
     * @param parameter the parameter as the client wrote it, e.g. {@code FOO=bar}
     */
    public static SmtpReply unsupportedOption(String parameter) {
        return SmtpReply.of(555, "5.5.4", "Unsupported option: " + parameter);
    }

    /** {@code 550 5.1.1 <addr>: Recipient address rejected: User unknown in local recipient table}. */
    public static SmtpReply userUnknown(String address) {
        return SmtpReply.of(550, "5.1.1",
                "<" + address + ">: Recipient address rejected: User unknown in local recipient table");
    }

    /** Postfix's reject_unlisted_recipient for a virtual alias domain. */
    public static SmtpReply userUnknownVirtual(String address) {
        return SmtpReply.of(550, "5.1.1",
                "<" + address + ">: Recipient address rejected: User unknown in virtual alias table");
    }

    /** Postfix's reply for an address of a virtual mailbox domain that has no mailbox. */
    public static SmtpReply userUnknownVirtualMailbox(String address) {
        return SmtpReply.of(550, "5.1.1",
                "<" + address + ">: Recipient address rejected: User unknown in virtual mailbox table");
    }

    /** {@code 554 5.7.1 <addr>: Relay access denied}. */
    public static SmtpReply relayDenied(String address) {
        return SmtpReply.of(554, "5.7.1", "<" + address + ">: Relay access denied");
    }

    /** Idle too long; the server closes the connection: {@code 421 4.4.2 <host> Error: timeout exceeded}. */
    /** Postfix's smtpd_hard_error_limit reached. */
    public static SmtpReply tooManyErrors(String host) {
        return SmtpReply.of(421, "4.7.0", host + " Error: too many errors");
    }

    public static SmtpReply timeout(String host) {
        return SmtpReply.of(421, "4.4.2", host + " Error: timeout exceeded");
    }

    /** Server stopping; the server closes the connection: {@code 421 4.3.2 <host> Service shutting down}. */
    public static SmtpReply shuttingDown(String host) {
        return SmtpReply.of(421, "4.3.2", host + " Service shutting down");
    }
}
