package io.kurir.gateway.session;

import io.kurir.gateway.policy.AuthResult;
import io.kurir.gateway.policy.PolicyResult;
import io.kurir.mail.MailAddress;
import io.kurir.mail.payload.RecipientDsn;
import io.kurir.smtp.codec.BareNewline;
import io.kurir.smtp.codec.SmtpCommand;
import io.kurir.smtp.codec.SmtpInput;
import io.kurir.smtp.codec.SmtpReplies;
import io.kurir.smtp.codec.SmtpReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The server side of one SMTP conversation as an explicit state machine, without I/O
 * (RFC 5321 section 4.1.4 command order). Each input yields a {@link Step}: a reply to send, or work
 * for the caller (check a recipient, queue a message, flush the queue for ETRN) whose outcome comes
 * back through {@link #recipientChecked}, {@link #queued} or {@link #flushed}. Connection state (HELO name, error count) is kept
 * apart from transaction state (sender, recipients) so RSET, HELO and the end of a message clear
 * exactly the transaction.
 */
public final class SmtpSession {

    /** What the connection does next. */
    public sealed interface Step {
        /** Send this reply; then continue, switch the decoder to message data, or close. */
        record Reply(SmtpReply reply, After after) implements Step {
        }

        /** Ask the recipient policy about this address, then call {@link #recipientChecked}. */
        record CheckRecipient(MailAddress recipient) implements Step {
        }

        /** Store and publish this message, then call {@link #queued}. */
        record Enqueue(Envelope envelope, byte[] content) implements Step {
        }

        /** BDAT (RFC 3030): read a chunk of {@code size} octets, keeping at most {@code keepAtMost}. */
        record ReadChunk(long size, long keepAtMost) implements Step {
        }

        /** VRFY (RFC 5321 3.5.1): ask the recipient policy about this address, then call {@link #verified}. */
        record VerifyRecipient(MailAddress address, String asGiven) implements Step {
        }

        /**
         * ETRN (RFC 1985): make the deferred mail for {@code node} and its subdomains due now, then
         * call {@link #flushed}.
         *
         * @param node a host name in lower case, or an address literal, never a local domain
         */
        record Flush(String node) implements Step {
        }

        /** Check these credentials (RFC 4954), then call {@link #authenticated}. */
        record Authenticate(String user, char[] password) implements Step {
        }

        /**
         * The client sent more where it had to wait (RFC 2920): log "improper command pipelining
         * after {@code after}", send {@code reply} and hang up.
         */
        record ImproperPipelining(String after, SmtpReply reply) implements Step {
        }
    }

    /** What the connection does after writing a reply. */
    public enum After {
        CONTINUE,
        START_DATA,
        /** Drop what is buffered, do the TLS handshake, then call {@link #tlsStarted()} (RFC 3207). */
        START_TLS,
        /** The hard error limit is reached: send {@link #tooManyErrors()} too, then close. */
        TOO_MANY_ERRORS,
        CLOSE
    }

    /**
     * One message's envelope as the client gave it.
     *
     * @param smtputf8 the client declared SMTPUTF8 (RFC 6531): addresses and headers may be UTF-8,
     *        and a relay must not downgrade them
     * @param dsnRet RFC 3461 RET ({@code FULL}/{@code HDRS}), if given
     * @param dsnEnvid RFC 3461 ENVID, decoded, if given
     * @param recipientDsn RFC 3461 NOTIFY/ORCPT of the recipients that had them, keyed by address
     */
    public record Envelope(Optional<String> helo, String protocol, Optional<MailAddress> sender, List<MailAddress> recipients,
            boolean smtputf8, Optional<String> dsnRet, Optional<String> dsnEnvid, Map<String, RecipientDsn> recipientDsn) {
        public Envelope {
            recipients = List.copyOf(recipients);
            recipientDsn = Map.copyOf(recipientDsn);
        }
    }

    /** EHLO keywords this release fully supports (RFC 1869), in Postfix's order; nothing is advertised that does not work. */
    List<String> ehloKeywords() {
        List<String> keywords = new ArrayList<>();
        keywords.add("PIPELINING");
        keywords.add(settings.messageSizeLimit() > 0 ? "SIZE " + settings.messageSizeLimit() : "SIZE");
        if (settings.vrfyEnabled()) {
            keywords.add("VRFY");
        }
        keywords.add("ETRN"); // RFC 1985
        if (settings.tlsAvailable() && !tls) {
            keywords.add("STARTTLS");
        }
        if (authOffered()) {
            keywords.add("AUTH " + Sasl.MECHANISMS);
        }
        keywords.add("ENHANCEDSTATUSCODES");
        keywords.add("8BITMIME");
        keywords.add("DSN");
        keywords.add("SMTPUTF8");
        keywords.add("CHUNKING");
        // smtpd_discard_ehlo_keywords
        keywords.removeIf(k -> settings.discardEhloKeywords().contains(k.split(" ")[0].toLowerCase(Locale.ROOT)));
        return keywords;
    }

    /** The AUTH= MAIL parameter belongs to the AUTH extension: accepted wherever AUTH is or was offered. */
    private boolean authParameterAllowed() {
        return authenticatedUser.isPresent() || authOffered();
    }

    /** AUTH is offered where it may be used: over TLS, or anywhere when smtpd_tls_auth_only is off. */
    private boolean authOffered() {
        return authenticatedUser.isEmpty() && (tls || !settings.tlsAuthOnly());
    }

    private final SessionSettings settings;
    // connection state
    private Optional<String> helo = Optional.empty();
    private boolean extended;
    private int errors;
    private boolean tls;
    private Optional<String> authenticatedUser = Optional.empty();
    private Optional<Sasl> sasl = Optional.empty();
    private boolean smtputf8;
    // BDAT (RFC 3030): the chunks of the message so far, and what the announced chunk is for
    private final MessageChunks chunks;
    private Optional<SmtpCommand.Bdat> pendingChunk = Optional.empty();
    private Optional<SmtpReply> pendingChunkError = Optional.empty();
    private final Map<String, Integer> commandCounts = new LinkedHashMap<>();
    // transaction state
    private Optional<Optional<MailAddress>> sender = Optional.empty();
    private final List<MailAddress> recipients = new ArrayList<>();
    private Optional<String> dsnRet = Optional.empty();
    private Optional<String> dsnEnvid = Optional.empty();
    private final Map<String, RecipientDsn> recipientDsn = new LinkedHashMap<>();
    /** The DSN parameters of the RCPT being checked, kept until {@link #recipientChecked}. */
    private RecipientDsn pendingRecipientDsn = RecipientDsn.NONE;

    public SmtpSession(SessionSettings settings) {
        this.settings = settings;
        this.tls = settings.listener() == Listener.SMTPS;
        this.chunks = new MessageChunks(settings.messageSizeLimit());
    }

    public SmtpReply greeting() {
        return SmtpReplies.greeting(settings.myhostname());
    }

    public Step onInput(SmtpInput input, java.util.function.Function<String, SmtpCommand> parser) {
        return onInput(input, parser, false);
    }

    /**
     * @param morePending whether the client had already sent more input after this one, i.e. did not
     *        wait for this input's reply
     */
    public Step onInput(SmtpInput input, java.util.function.Function<String, SmtpCommand> parser, boolean morePending) {
        if (sasl.isPresent() && input instanceof SmtpInput.CommandLine line) {
            return saslResponse(line.line());
        }
        if (input instanceof SmtpInput.CommandLine line) {
            SmtpCommand command = parser.apply(line.line());
            if (morePending && settings.forbidUnauthPipelining()) {
                Optional<String> verb = mustWaitAfter(command);
                if (verb.isPresent()) {
                    return new Step.ImproperPipelining(verb.get(), SmtpReplies.PROTOCOL_SYNCHRONIZATION);
                }
            }
            return onCommand(command);
        }
        if (input instanceof SmtpInput.Chunk chunk) {
            return onChunk(chunk);
        }
        if (input instanceof SmtpInput.CommandTooLong) {
            sasl = Optional.empty();
            count("unknown");
            return error(SmtpReplies.LINE_TOO_LONG);
        }
        return onMessage((SmtpInput.MessageData) input);
    }

    public Step onCommand(SmtpCommand command) {
        if (command instanceof SmtpCommand.Ehlo ehlo) {
            count("ehlo");
            return greet(ehlo.domain(), true);
        }
        if (command instanceof SmtpCommand.Helo h) {
            count("helo");
            return greet(h.domain(), false);
        }
        if (command instanceof SmtpCommand.Mail mail) {
            count("mail");
            return mail(mail);
        }
        if (command instanceof SmtpCommand.Rcpt rcpt) {
            count("rcpt");
            return rcpt(rcpt);
        }
        if (command instanceof SmtpCommand.Data) {
            count("data");
            if (chunks.started()) {
                return error(SmtpReplies.BDAT_DATA_MIXED);
            }
            return dataStateError().orElseGet(() -> new Step.Reply(SmtpReplies.START_DATA, After.START_DATA));
        }
        if (command instanceof SmtpCommand.Bdat bdat) {
            count("bdat");
            return bdat(bdat);
        }
        if (command instanceof SmtpCommand.Rset) {
            count("rset");
            resetTransaction();
            return reply(SmtpReplies.OK);
        }
        if (command instanceof SmtpCommand.Noop) {
            count("noop");
            return reply(SmtpReplies.OK);
        }
        if (command instanceof SmtpCommand.Quit) {
            count("quit");
            return new Step.Reply(SmtpReplies.BYE, After.CLOSE);
        }
        if (command instanceof SmtpCommand.StartTls) {
            count("starttls");
            return startTls();
        }
        if (command instanceof SmtpCommand.Auth auth) {
            count("auth");
            return auth(auth);
        }
        if (command instanceof SmtpCommand.Vrfy vrfy) {
            count("vrfy");
            return vrfy(vrfy.argument());
        }
        if (command instanceof SmtpCommand.Etrn etrn) {
            count("etrn");
            return etrn(etrn.argument());
        }
        if (command instanceof SmtpCommand.Invalid invalid) {
            return invalid(invalid.reply());
        }
        count("unknown"); // Unknown verbs and HELP, which Postfix does not implement either
        return error(SmtpReplies.COMMAND_NOT_RECOGNIZED);
    }

    /**
     * RFC 2920 section 3.1: without PIPELINING (no EHLO yet, or HELO) a client waits for every reply;
     * with it, EHLO, HELO, DATA, VRFY, NOOP and AUTH without an initial response (RFC 4954
     * section 4) still end a group. ETRN is not in RFC 2920's list and Postfix does not mark it
     * either, so it may be followed by more. Answers the verb after which
     * sending more is improper. QUIT ends the session anyway, STARTTLS drops what follows it
     * (RFC 3207), and BDAT is followed by its chunk.
     */
    private Optional<String> mustWaitAfter(SmtpCommand command) {
        if (command instanceof SmtpCommand.Quit || command instanceof SmtpCommand.StartTls
                || command instanceof SmtpCommand.Bdat) {
            return Optional.empty();
        }
        String verb = verb(command);
        boolean endsGroup = command instanceof SmtpCommand.Ehlo || command instanceof SmtpCommand.Helo
                || command instanceof SmtpCommand.Data || command instanceof SmtpCommand.Vrfy
                || command instanceof SmtpCommand.Noop
                || command instanceof SmtpCommand.Auth auth && auth.initialResponse().isEmpty();
        return !extended || endsGroup ? Optional.of(verb) : Optional.empty();
    }

    private static String verb(SmtpCommand command) {
        if (command instanceof SmtpCommand.Invalid || command instanceof SmtpCommand.Unknown) {
            return "UNKNOWN";
        }
        return command.getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }

    /**
     * A recognised verb with bad arguments. Postfix checks the session state before the syntax, so
     * {@code MAIL <x>} before EHLO is "send HELO/EHLO first", not a syntax error.
     */
    private Step invalid(SmtpReply reply) {
        if (reply.equals(SmtpReplies.MAIL_SYNTAX) || reply.equals(SmtpReplies.BAD_SENDER_SYNTAX)) {
            count("mail");
            return mailStateError().orElseGet(() -> error(reply));
        }
        if (reply.equals(SmtpReplies.RCPT_SYNTAX) || reply.equals(SmtpReplies.BAD_RECIPIENT_SYNTAX)) {
            count("rcpt");
            return sender.isEmpty() ? error(SmtpReplies.NEED_MAIL) : error(reply);
        }
        if (reply.equals(SmtpReplies.DATA_SYNTAX)) {
            count("data");
            return dataStateError().orElseGet(() -> error(reply));
        }
        count("unknown");
        return error(reply);
    }

    private Optional<Step> mailStateError() {
        if (helo.isEmpty() && settings.heloRequired()) {
            return Optional.of(error(SmtpReplies.SEND_HELO_FIRST));
        }
        // RFC 6409 section 4.3 and RFC 8314: submission requires TLS and authentication
        if (settings.listener() == Listener.SUBMISSION && !tls) {
            return Optional.of(error(SmtpReplies.STARTTLS_FIRST));
        }
        if (settings.listener() != Listener.MX && authenticatedUser.isEmpty()) {
            return Optional.of(error(SmtpReplies.AUTH_REQUIRED));
        }
        if (sender.isPresent()) {
            return Optional.of(error(SmtpReplies.NESTED_MAIL));
        }
        return Optional.empty();
    }

    /** Postfix: no transaction → "need RCPT command"; a transaction without recipients → "no valid recipients". */
    private Optional<Step> dataStateError() {
        if (sender.isEmpty()) {
            return Optional.of(error(SmtpReplies.NEED_RCPT));
        }
        if (recipients.isEmpty()) {
            return Optional.of(error(SmtpReplies.NO_VALID_RECIPIENTS));
        }
        return Optional.empty();
    }

    private Step greet(String domain, boolean ehlo) {
        resetTransaction();
        helo = Optional.of(printable(domain));
        extended = ehlo;
        return reply(ehlo ? SmtpReplies.ehlo(settings.myhostname(), ehloKeywords())
                : SmtpReplies.helo(settings.myhostname()));
    }

    private Step mail(SmtpCommand.Mail mail) {
        Optional<Step> stateError = mailStateError();
        if (stateError.isPresent()) {
            return stateError.get();
        }
        for (Map.Entry<String, String> p : mail.params().entrySet()) {
            Optional<SmtpReply> problem = checkMailParameter(p.getKey(), p.getValue());
            if (problem.isPresent()) {
                return error(problem.get());
            }
        }
        smtputf8 = mail.params().containsKey("SMTPUTF8");
        dsnRet = Optional.ofNullable(mail.params().get("RET")).flatMap(DsnParameters::ret);
        dsnEnvid = Optional.ofNullable(mail.params().get("ENVID")).flatMap(DsnParameters::envid);
        if (!smtputf8 && mail.reversePath().map(SmtpSession::isUnicode).orElse(false)) {
            return error(SmtpReplies.UNDECLARED_SMTPUTF8);
        }
        sender = Optional.of(mail.reversePath());
        return reply(SmtpReplies.MAIL_OK);
    }

    /** RFC 6531 section 3.4: a non-ASCII address needs the SMTPUTF8 parameter on MAIL. */
    private static boolean isUnicode(MailAddress address) {
        return !address.toString().chars().allMatch(c -> c < 128);
    }

    /**
     * RFC 1870 SIZE, RFC 6152 BODY, RFC 4954 AUTH, RFC 6531 SMTPUTF8 and RFC 3461 RET and ENVID; any
     * other parameter is refused as Postfix does.
     */
    private Optional<SmtpReply> checkMailParameter(String key, String value) {
        switch (key) {
            case "SIZE":
                if (!value.matches("\\d{1,18}")) {
                    return Optional.of(SmtpReplies.BAD_SIZE_SYNTAX);
                }
                long declared = Long.parseLong(value);
                if (settings.messageSizeLimit() > 0 && declared > settings.messageSizeLimit()) {
                    return Optional.of(SmtpReplies.SIZE_EXCEEDS_LIMIT);
                }
                return Optional.empty();
            case "AUTH":
                // RFC 4954 section 5: the submitter's identity as xtext, "<>" when unknown; accepted (and not
                // trusted) where AUTH is offered, as Postfix does, and ignored for relaying decisions
                return authParameterAllowed() && !value.isEmpty() ? Optional.empty()
                        : Optional.of(SmtpReplies.unsupportedOption(key + "=" + value));
            case "SMTPUTF8": // RFC 6531 section 3.4: a keyword without value
                return value.isEmpty() ? Optional.empty() : Optional.of(SmtpReplies.unsupportedOption(key + "=" + value));
            case "RET":
                if (!settings.dsnOffered()) {
                    return Optional.of(SmtpReplies.unsupportedOption(key + "=" + value));
                }
                return DsnParameters.ret(value).isPresent() ? Optional.empty() : Optional.of(SmtpReplies.badMailParameter(key));
            case "ENVID":
                if (!settings.dsnOffered()) {
                    return Optional.of(SmtpReplies.unsupportedOption(key + "=" + value));
                }
                return DsnParameters.envid(value).isPresent() ? Optional.empty() : Optional.of(SmtpReplies.badMailParameter(key));
            case "BODY":
                String body = value.toUpperCase(Locale.ROOT);
                return body.equals("7BIT") || body.equals("8BITMIME") ? Optional.empty()
                        : Optional.of(SmtpReplies.unsupportedOption(key + "=" + value));
            default:
                return Optional.of(SmtpReplies.unsupportedOption(value.isEmpty() ? key : key + "=" + value));
        }
    }

    private Step rcpt(SmtpCommand.Rcpt rcpt) {
        if (sender.isEmpty()) {
            return error(SmtpReplies.NEED_MAIL);
        }
        List<String> notify = List.of();
        Optional<String> orcpt = Optional.empty();
        for (Map.Entry<String, String> p : rcpt.params().entrySet()) {
            String key = p.getKey();
            if (!settings.dsnOffered() && (key.equals("NOTIFY") || key.equals("ORCPT"))) {
                return error(SmtpReplies.unsupportedOption(p.getValue().isEmpty() ? key : key + "=" + p.getValue()));
            }
            switch (key) {
                case "NOTIFY" -> {
                    Optional<List<String>> value = DsnParameters.notify(p.getValue());
                    if (value.isEmpty()) {
                        return error(SmtpReplies.badRcptParameter(key));
                    }
                    notify = value.get();
                }
                case "ORCPT" -> {
                    orcpt = DsnParameters.orcpt(p.getValue());
                    if (orcpt.isEmpty()) {
                        return error(SmtpReplies.badRcptParameter(key));
                    }
                }
                default -> {
                    return error(SmtpReplies.unsupportedOption(p.getValue().isEmpty() ? key : key + "=" + p.getValue()));
                }
            }
        }
        if (recipients.size() >= settings.recipientLimit()) {
            return reply(SmtpReplies.TOO_MANY_RECIPIENTS);
        }
        if (!smtputf8 && isUnicode(rcpt.forwardPath())) {
            return error(SmtpReplies.UNDECLARED_SMTPUTF8);
        }
        pendingRecipientDsn = notify.isEmpty() && orcpt.isEmpty() ? RecipientDsn.NONE : new RecipientDsn(notify, orcpt.orElse(null));
        return new Step.CheckRecipient(rcpt.forwardPath());
    }

    /** The outcome of a {@link Step.CheckRecipient}. */
    public Step recipientChecked(MailAddress recipient, PolicyResult result) {
        if (result instanceof PolicyResult.Reject reject) {
            int code = reject.reply().code();
            if (code == 421 || code == 521) { // an access table said so: Postfix answers, then disconnects
                return new Step.Reply(reject.reply(), After.CLOSE);
            }
            return error(reject.reply());
        }
        recipients.add(recipient);
        if (!pendingRecipientDsn.equals(RecipientDsn.NONE)) {
            recipientDsn.putIfAbsent(recipient.toString(), pendingRecipientDsn);
        }
        return reply(SmtpReplies.RCPT_OK);
    }

    private Step onMessage(SmtpInput.MessageData data) {
        Envelope envelope = envelope();
        if (data.tooBig()) {
            resetTransaction();
            return reply(SmtpReplies.MESSAGE_TOO_BIG);
        }
        if (data.bareNewline() && settings.bareNewline() == BareNewline.REJECT) {
            resetTransaction();
            return error(SmtpReplies.BARE_LF);
        }
        if (HeaderSize.longest(data.content()) > settings.headerSizeLimit()) {
            resetTransaction();
            return reply(SmtpReplies.HEADER_TOO_BIG);
        }
        return new Step.Enqueue(envelope, data.content());
    }

    /** Instead of {@link #queued}: content checks refused the message (REJECT in header or body checks). */
    public Step contentRejected(SmtpReply reply) {
        resetTransaction();
        return reply(reply);
    }

    /** The outcome of a {@link Step.Enqueue}: the queue id, or empty when storing or publishing failed. */
    public Step queued(Optional<String> queueId) {
        resetTransaction();
        return reply(queueId.map(SmtpReplies::queued).orElse(SmtpReplies.QUEUE_WRITE_ERROR));
    }

    /**
     * The HELO argument as it may appear in a Received header and the logs: control and
     * non-printable characters replaced by {@code ?} (Postfix's printable()), at most 255 characters.
     */
    static String printable(String helo) {
        StringBuilder sb = new StringBuilder(Math.min(helo.length(), 255));
        helo.codePoints().limit(255).forEach(cp ->
                sb.appendCodePoint(Character.isISOControl(cp) || !Character.isDefined(cp) ? '?' : cp));
        return sb.toString();
    }

    /**
     * RFC 5321 3.5.1, as Postfix answers it: 252 with the argument for an address the recipient
     * restrictions would accept (Postfix never claims more than "cannot verify, but will accept"),
     * their rejection otherwise.
     */
    private Step vrfy(String argument) {
        if (!settings.vrfyEnabled()) {
            return error(SmtpReplies.VRFY_DISABLED);
        }
        if (argument.isEmpty()) {
            return error(SmtpReplies.VRFY_SYNTAX);
        }
        String bare = argument.startsWith("<") && argument.endsWith(">") ? argument.substring(1, argument.length() - 1) : argument;
        return MailAddress.parse(bare).<Step>map(a -> new Step.VerifyRecipient(a, argument))
                .orElseGet(() -> error(SmtpReplies.BAD_RECIPIENT_SYNTAX));
    }

    /** The outcome of a {@link Step.VerifyRecipient}. */
    public Step verified(Step.VerifyRecipient request, PolicyResult result) {
        if (result instanceof PolicyResult.Reject reject) {
            return error(reject.reply());
        }
        return reply(SmtpReply.of(252, "2.0.0", request.asGiven()));
    }

    /**
     * RFC 1985 section 5, with Postfix's etrn_cmd replies. Differences from Postfix: ETRN always
     * needs HELO/EHLO (Postfix only with smtpd_helo_required); a {@code #queue} name gets 458, as
     * Kurir has no named queues (Postfix drops the {@code #} and takes the rest for a site); any
     * domain but our own (mydestination) may be flushed (Postfix only those in fast_flush_domains,
     * by default $relay_domains), ours get 459. {@code @domain} (RFC 1985 section 5.3) and a plain
     * domain both flush the domain and its subdomains, as Postfix's flush of a site does.
     */
    private Step etrn(String argument) {
        if (helo.isEmpty()) {
            return error(SmtpReplies.ETRN_SEND_HELO_FIRST);
        }
        if (sender.isPresent()) {
            return error(SmtpReplies.ETRN_IN_TRANSACTION);
        }
        if (argument.isEmpty() || argument.indexOf(' ') >= 0 || argument.indexOf('\t') >= 0) {
            return error(SmtpReplies.ETRN_SYNTAX);
        }
        if (argument.startsWith("#")) {
            return error(SmtpReplies.UNABLE_TO_QUEUE);
        }
        String node = argument.startsWith("@") ? argument.substring(1) : argument;
        if (!EtrnNode.valid(node)) {
            return error(SmtpReplies.ETRN_INVALID_PARAMETER);
        }
        String lower = node.toLowerCase(Locale.ROOT);
        if (settings.mydestination().contains(lower)) {
            return error(SmtpReplies.etrnRefused(node));
        }
        return new Step.Flush(lower);
    }

    /**
     * The outcome of a {@link Step.Flush}: how many deferred messages are now due, or empty when the
     * queue could not be reached (458, as Postfix answers when its flush service fails).
     */
    public Step flushed(Optional<Integer> messagesDue) {
        return messagesDue.isPresent() ? reply(SmtpReplies.QUEUING_STARTED) : error(SmtpReplies.UNABLE_TO_QUEUE);
    }

    /**
     * RFC 3030 section 2: the chunk is always read (so the next command is found), even when the
     * command cannot be accepted; the reply comes after the chunk.
     */
    private Step bdat(SmtpCommand.Bdat bdat) {
        Optional<SmtpReply> problem = Optional.empty();
        if (sender.isEmpty()) {
            problem = Optional.of(SmtpReplies.NEED_RCPT);
        } else if (recipients.isEmpty()) {
            problem = Optional.of(SmtpReplies.NO_VALID_RECIPIENTS);
        }
        pendingChunk = Optional.of(bdat);
        pendingChunkError = problem;
        return new Step.ReadChunk(bdat.size(), problem.isPresent() ? 0 : chunks.room());
    }

    private Step onChunk(SmtpInput.Chunk chunk) {
        SmtpCommand.Bdat bdat = pendingChunk.orElseThrow(() -> new IllegalStateException("chunk without BDAT"));
        pendingChunk = Optional.empty();
        if (pendingChunkError.isPresent()) {
            SmtpReply problem = pendingChunkError.get();
            pendingChunkError = Optional.empty();
            return error(problem);
        }
        if (chunk.tooBig()) {
            resetTransaction();
            return reply(SmtpReplies.MESSAGE_TOO_BIG);
        }
        chunks.append(chunk.content());
        if (!bdat.last()) {
            return reply(SmtpReplies.chunkReceived(chunk.octets()));
        }
        byte[] content = chunks.message();
        boolean bareLf = MessageChunks.hasBareLf(content);
        if (bareLf && settings.bareNewline() == BareNewline.REJECT) {
            resetTransaction();
            return error(SmtpReplies.BARE_LF);
        }
        if (HeaderSize.longest(content) > settings.headerSizeLimit()) {
            resetTransaction();
            return reply(SmtpReplies.HEADER_TOO_BIG);
        }
        Envelope envelope = envelope();
        return new Step.Enqueue(envelope, bareLf ? MessageChunks.crlf(content) : content);
    }

    private Envelope envelope() {
        return new Envelope(helo, protocol(), sender.orElseThrow(), recipients, smtputf8, dsnRet, dsnEnvid, recipientDsn);
    }

    /** RFC 3848: ESMTP, plus S over TLS and A when authenticated; SMTP after HELO or without any. */
    private String protocol() {
        if (!extended) {
            return "SMTP";
        }
        return "ESMTP" + (tls ? "S" : "") + (authenticatedUser.isPresent() ? "A" : "");
    }

    /** RFC 3207 section 4. */
    private Step startTls() {
        if (!settings.tlsAvailable()) {
            return error(SmtpReplies.NOT_IMPLEMENTED);
        }
        if (tls) {
            return error(SmtpReplies.TLS_ALREADY_ACTIVE);
        }
        return new Step.Reply(SmtpReplies.READY_FOR_TLS, After.START_TLS);
    }

    /**
     * The handshake succeeded: RFC 3207 section 4.2, the server forgets everything the client said
     * before, so a new EHLO is needed.
     */
    public void tlsStarted() {
        tls = true;
        helo = Optional.empty();
        extended = false;
        resetTransaction();
    }

    public boolean tls() {
        return tls;
    }

    /** RFC 4954 section 4. */
    private Step auth(SmtpCommand.Auth auth) {
        if (!authOffered() && authenticatedUser.isEmpty()) {
            return error(SmtpReplies.AUTH_NOT_ENABLED);
        }
        if (helo.isEmpty()) {
            return error(SmtpReplies.SEND_HELO_FIRST);
        }
        if (authenticatedUser.isPresent()) {
            return error(SmtpReplies.ALREADY_AUTHENTICATED);
        }
        if (sender.isPresent()) {
            return error(SmtpReplies.AUTH_IN_TRANSACTION);
        }
        if (!Sasl.supports(auth.mechanism())) {
            return error(SmtpReplies.UNKNOWN_MECHANISM);
        }
        Sasl exchange = Sasl.start(auth.mechanism());
        sasl = Optional.of(exchange);
        return sasl(exchange.begin(auth.initialResponse()));
    }

    private Step saslResponse(String line) {
        if (line.equals("*")) {
            sasl = Optional.empty();
            return error(SmtpReplies.AUTH_ABORTED);
        }
        return sasl(sasl.orElseThrow().respond(line));
    }

    private Step sasl(Sasl.Next next) {
        if (next instanceof Sasl.Next.Challenge c) {
            return reply(SmtpReplies.challenge(c.base64()));
        }
        sasl = Optional.empty();
        if (next instanceof Sasl.Next.Credentials credentials) {
            return new Step.Authenticate(credentials.user(), credentials.password());
        }
        return error(SmtpReplies.AUTH_BAD_BASE64);
    }

    /** The outcome of a {@link Step.Authenticate}. */
    public Step authenticated(AuthResult result) {
        if (result instanceof AuthResult.Success success) {
            authenticatedUser = Optional.of(success.account());
            return reply(SmtpReplies.AUTH_OK);
        }
        return error(result instanceof AuthResult.Throttled ? SmtpReplies.AUTH_THROTTLED : SmtpReplies.AUTH_FAILED);
    }

    public Listener listener() {
        return settings.listener();
    }

    public Optional<String> authenticatedUser() {
        return authenticatedUser;
    }

    /** The sender of the current transaction; empty for the null sender or before MAIL. */
    public Optional<MailAddress> sender() {
        return sender.flatMap(s -> s);
    }

    /** The reply after the error that reached smtpd_hard_error_limit. */
    public SmtpReply tooManyErrors() {
        return SmtpReplies.tooManyErrors(settings.myhostname());
    }

    /** Postfix's disconnect log summary: {@code ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5}. */
    public String commandSummary() {
        StringBuilder sb = new StringBuilder();
        int total = 0;
        for (var e : commandCounts.entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append(' ');
            total += e.getValue();
        }
        return sb.append("commands=").append(total).toString();
    }

    public Optional<String> helo() {
        return helo;
    }

    private void resetTransaction() {
        sender = Optional.empty();
        smtputf8 = false;
        dsnRet = Optional.empty();
        dsnEnvid = Optional.empty();
        recipientDsn.clear();
        chunks.reset();
        recipients.clear();
    }

    private void count(String command) {
        commandCounts.merge(command, 1, Integer::sum);
    }

    private Step reply(SmtpReply reply) {
        return new Step.Reply(reply, After.CONTINUE);
    }

    /** A 4xx/5xx reply that counts toward the hard error limit (Postfix's smtpd_hard_error_limit). */
    private Step error(SmtpReply reply) {
        errors++;
        // Postfix sends the error itself, then 421 and hangs up (smtpd_hard_error_limit)
        return new Step.Reply(reply, errors >= settings.hardErrorLimit() ? After.TOO_MANY_ERRORS : After.CONTINUE);
    }
}
