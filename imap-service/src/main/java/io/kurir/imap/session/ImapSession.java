package io.kurir.imap.session;

import io.kurir.imap.codec.FetchAttribute;
import io.kurir.imap.codec.ImapCommand;
import io.kurir.imap.codec.ImapCommandParser;
import io.kurir.imap.codec.ImapInput;
import io.kurir.imap.codec.ImapResponse;
import io.kurir.imap.codec.MailboxEncoding;
import io.kurir.imap.codec.MailboxName;
import io.kurir.mail.MailDomains;
import io.kurir.mime.MimeMessage;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One IMAP4rev1 conversation (RFC 3501), or IMAP4rev2 (RFC 9051) once the client enables it, as a
 * state machine: not authenticated → authenticated → selected → logout. It runs on a worker thread
 * (it reads and writes PostgreSQL), one input at a time, and answers with the bytes to send. Only
 * what is implemented is in CAPABILITY.
 */
public final class ImapSession {

    private static final Logger LOG = Logger.getLogger("imap");

    /** What the connection does after writing {@link #writes}. */
    public enum After { CONTINUE, AUTHENTICATE, IDLE, STARTTLS, CLOSE }

    /**
     * The answer to one input: bytes to write now, and, for a long answer, a producer the connection
     * asks for more (on a worker thread) as the client reads, until it returns nothing.
     */
    public record Output(List<byte[]> writes, After after, Optional<Producer> more, boolean failedLogin) {
        public Output(List<byte[]> writes, After after) {
            this(writes, after, Optional.empty(), false);
        }

        public Output(List<byte[]> writes, After after, Optional<Producer> more) {
            this(writes, after, more, false);
        }

        Output failed() {
            return new Output(writes, after, more, true);
        }
    }

    /** The next responses of a long answer, about {@code budget} bytes; empty when the answer is complete. */
    @FunctionalInterface
    public interface Producer {
        List<byte[]> next(long budget);
    }

    /** The selected mailbox's id, for IDLE to hear of its changes. */
    public OptionalLong selectedMailbox() {
        return selected == null ? OptionalLong.empty() : OptionalLong.of(selected.mailbox.id());
    }

    /** Whether the client has logged in (literals before that are kept small). */
    public boolean loggedIn() {
        return state != State.NOT_AUTHENTICATED;
    }

    private enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    private final MailboxStore store;
    private final FactsLoader factsLoader;
    private final AccountStore accounts;
    private final MailDomains domains;
    private final ClientLink link;
    private final long mailboxSizeLimit;
    private final String clientAddress;
    private boolean tls;
    private final Clock clock;
    private State state = State.NOT_AUTHENTICATED;
    private String user;
    private Selected selected;
    private String pendingAuthTag;
    private String idleTag;
    private int failedLogins;
    /** RFC 7162: turned on by ENABLE or the first CONDSTORE-enabling command, for the rest of the session. */
    private boolean condstore;
    private boolean qresync;
    /** RFC 9051: after ENABLE IMAP4rev2, for the rest of the session (mailbox names in UTF-8, no \Recent, ESEARCH). */
    private boolean rev2;

    /** @param mailboxSizeLimit octets an account without its own quota may store; 0: no limit */
    public ImapSession(MailboxStore store, AccountStore accounts, MailDomains domains, ClientLink link, long mailboxSizeLimit,
            Clock clock) {
        this.mailboxSizeLimit = mailboxSizeLimit;
        this.store = store;
        this.factsLoader = new FactsLoader(store);
        this.accounts = accounts;
        this.domains = domains;
        this.link = link;
        this.clientAddress = link.address();
        this.tls = link.implicitTls();
        this.clock = clock;
    }

    public byte[] greeting() {
        return ascii("* OK [CAPABILITY " + capabilities() + "] Kurir ready.\r\n");
    }

    String capabilities() {
        StringBuilder sb = new StringBuilder("IMAP4rev1 IMAP4rev2 LITERAL+ ID NAMESPACE");
        if (state == State.NOT_AUTHENTICATED) {
            if (!tls && link.startTlsOffered()) {
                sb.append(" STARTTLS");
            }
            sb.append(plaintextAllowed() ? " SASL-IR AUTH=PLAIN" : " LOGINDISABLED");
        } else {
            sb.append(" UIDPLUS MOVE UNSELECT CHILDREN SPECIAL-USE IDLE ENABLE CONDSTORE QRESYNC ESEARCH"
                    + " SORT SORT=DISPLAY THREAD=REFERENCES THREAD=ORDEREDSUBJECT LIST-EXTENDED LIST-STATUS STATUS=SIZE"
                    + " APPENDLIMIT=" + APPEND_LIMIT + " QUOTA QUOTA=RES-STORAGE BINARY SEARCHRES");
        }
        return sb.toString();
    }

    /** Whether LOGIN and AUTHENTICATE PLAIN are accepted here (Dovecot's disable_plaintext_auth). */
    private boolean plaintextAllowed() {
        return tls || link.trustedNetwork() || link.plaintextAuthAnywhere();
    }

    /** The connection finished its TLS handshake after STARTTLS (RFC 3501 6.2.1). */
    public void tlsStarted() {
        tls = true;
    }

    public Output handle(ImapInput input) {
        try {
            if (input instanceof ImapInput.AuthenticateResponse response) {
                return authenticateResponse(response);
            }
            if (input instanceof ImapInput.IdleDone || input instanceof ImapInput.IdleUnexpected) {
                String tag = idleTag;
                idleTag = null;
                if (tag == null) {
                    return out(ImapResponse.untagged(ImapResponse.Status.BAD, "Unexpected DONE"));
                }
                return input instanceof ImapInput.IdleDone ? reply(sync(true), tag, "OK", "Idle completed.")
                        : reply(List.of(), tag, "BAD", "Expected DONE.");
            }
            if (input instanceof ImapInput.TooBig tooBig) {
                return out(tooBig.response());
            }
            if (input instanceof ImapInput.Command command) {
                ImapCommand parsed = ImapCommandParser.parse(command, encoding());
                if (parsed instanceof ImapCommand.Invalid && selected != null && savingSearch(command)) {
                    selected.save(List.of()); // RFC 5182 2.1: a SEARCH ... SAVE that fails, even on its syntax, empties $
                }
                return command(parsed);
            }
            return out(ImapResponse.untagged(ImapResponse.Status.BAD, "Unexpected input"));
        } catch (RuntimeException e) {
            LOG.errorf(e, "imap(%s): %s", user == null ? clientAddress : user, e.getMessage());
            return new Output(List.of(ascii("* BYE Internal error, try again later.\r\n")), After.CLOSE);
        }
    }

    private Output command(ImapCommand c) {
        try {
            return dispatch(c);
        } catch (io.kurir.store.StoreException e) {
            LOG.errorf("imap(%s): %s", user, e.getMessage());
            return reply(List.of(), c.tag(), "NO", "[SERVERBUG] Internal error occurred. Refer to server log for more information.");
        } catch (Unsupported e) {
            return reply(List.of(), c.tag(), "BAD", "Error in IMAP command: " + e.getMessage());
        } catch (IllegalStateException | IllegalArgumentException e) {
            return reply(List.of(), c.tag(), "BAD", "Error in IMAP command: " + printable(e.getMessage()));
        }
    }

    /** {@code tag [UID] SEARCH RETURN (... SAVE ...)}, looked for in a command the parser refused. */
    private static final java.util.regex.Pattern SAVING_SEARCH =
            java.util.regex.Pattern.compile("^\\S+ +(UID +)?SEARCH +RETURN *\\([^)]*\\bSAVE\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    private static boolean savingSearch(ImapInput.Command command) {
        int length = Math.min(command.bytes().length, 200);
        return SAVING_SEARCH.matcher(new String(command.bytes(), 0, length, StandardCharsets.ISO_8859_1)).find();
    }

    /** Something parsed but not offered (its capability is not advertised): BAD, never a silent half-answer. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private Output dispatch(ImapCommand c) {
        if (c instanceof ImapCommand.Invalid invalid) {
            return out(invalid.response());
        }
        if (c instanceof ImapCommand.Unknown unknown) {
            return out(unknown.response());
        }
        String tag = c.tag();
        // any state
        if (c instanceof ImapCommand.Capability) {
            return reply(List.of("* CAPABILITY " + capabilities()), tag, "OK", "Capability completed.");
        }
        if (c instanceof ImapCommand.Noop || c instanceof ImapCommand.Check) {
            return reply(sync(true), tag, "OK", (c instanceof ImapCommand.Noop ? "NOOP" : "CHECK") + " completed.");
        }
        if (c instanceof ImapCommand.Logout) {
            state = State.LOGOUT;
            return new Output(List.of(ascii("* BYE Logging out\r\n"), ascii(tag + " OK Logout completed.\r\n")), After.CLOSE);
        }
        if (c instanceof ImapCommand.Id) {
            return reply(List.of("* ID (\"name\" \"Kurir\")"), tag, "OK", "ID completed.");
        }
        if (c instanceof ImapCommand.StartTls) {
            return startTls(tag);
        }
        if (state == State.NOT_AUTHENTICATED) {
            if (c instanceof ImapCommand.Login login) {
                return login(tag, login.username(), login.password());
            }
            if (c instanceof ImapCommand.Authenticate auth) {
                return authenticate(tag, auth);
            }
            return reply(List.of(), tag, "BAD", "Log in first.");
        }
        if (c instanceof ImapCommand.Login || c instanceof ImapCommand.Authenticate) {
            return reply(List.of(), tag, "BAD", "Already logged in.");
        }
        if (c instanceof ImapCommand.Enable enable) {
            return enable(tag, enable.capabilities());
        }
        if (c instanceof ImapCommand.Idle) {
            // RFC 2177: changes are sent while idling (idleCheck), until the client says DONE
            idleTag = tag;
            List<byte[]> writes = new ArrayList<>();
            sync(true).forEach(l -> writes.add(ascii(l + "\r\n")));
            writes.add(ascii("+ idling\r\n"));
            return new Output(writes, After.IDLE);
        }
        if (c instanceof ImapCommand.Namespace) {
            return reply(List.of("* NAMESPACE ((\"\" \"/\")) NIL NIL"), tag, "OK", "Namespace completed.");
        }
        if (c instanceof ImapCommand.ListMailboxes list) {
            if (list.selection().isEmpty() && list.returnOptions().isEmpty() && list.patterns().size() == 1) {
                return list(tag, list.reference(), list.patterns(), false);
            }
            return listExtended(tag, list);
        }
        if (c instanceof ImapCommand.Lsub lsub) {
            return list(tag, lsub.reference(), List.of(lsub.pattern()), true);
        }
        if (c instanceof ImapCommand.Create create) {
            return mailboxResult(tag, switch (store.create(user, create.mailbox().name(), Optional.empty())) {
                case CREATED -> "OK Create completed.";
                case ALREADY_EXISTS -> "NO [ALREADYEXISTS] Mailbox already exists";
                case INVALID_NAME -> "NO Invalid mailbox name";
            });
        }
        if (c instanceof ImapCommand.Delete delete) {
            MailboxStore.DeleteResult result = store.delete(user, delete.mailbox().name());
            if (result == MailboxStore.DeleteResult.DELETED && selected != null
                    && selected.mailbox.name().equals(MailboxStore.canonical(delete.mailbox().name()))) {
                selected = null;
                state = State.AUTHENTICATED;
            }
            return mailboxResult(tag, switch (result) {
                case DELETED -> "OK Delete completed.";
                case INBOX -> "NO INBOX can't be deleted.";
                case HAS_CHILDREN -> "NO Mailbox has children, delete them first";
                case NO_SUCH_MAILBOX -> "NO [NONEXISTENT] Mailbox doesn't exist: " + delete.mailbox().name();
            });
        }
        if (c instanceof ImapCommand.Rename rename) {
            return mailboxResult(tag, switch (store.rename(user, rename.from().name(), rename.to().name())) {
                case RENAMED -> "OK Rename completed.";
                case NO_SUCH_MAILBOX -> "NO [NONEXISTENT] Mailbox doesn't exist: " + rename.from().name();
                case ALREADY_EXISTS -> "NO [ALREADYEXISTS] Target mailbox already exists";
                case INVALID_NAME -> "NO Invalid mailbox name";
            });
        }
        if (c instanceof ImapCommand.Subscribe s) {
            return mailboxResult(tag, store.subscribe(user, s.mailbox().name(), true) ? "OK Subscribe completed."
                    : "NO [NONEXISTENT] Mailbox doesn't exist: " + s.mailbox().name());
        }
        if (c instanceof ImapCommand.Unsubscribe s) {
            store.subscribe(user, s.mailbox().name(), false);
            return mailboxResult(tag, "OK Unsubscribe completed.");
        }
        if (c instanceof ImapCommand.Status status) {
            return status(tag, status);
        }
        if (c instanceof ImapCommand.Select select) {
            return select(tag, select.mailbox(), false, select.options());
        }
        if (c instanceof ImapCommand.Examine examine) {
            return select(tag, examine.mailbox(), true, examine.options());
        }
        if (c instanceof ImapCommand.Append append) {
            return append(tag, append);
        }
        if (c instanceof ImapCommand.GetQuotaRoot q) {
            return getQuotaRoot(tag, q.mailbox());
        }
        if (c instanceof ImapCommand.GetQuota q) {
            return getQuota(tag, q.root());
        }
        if (state != State.SELECTED) {
            return reply(List.of(), tag, "BAD", "No mailbox selected.");
        }
        if (c instanceof ImapCommand.Fetch fetch) {
            return fetch(tag, fetch);
        }
        if (c instanceof ImapCommand.Store s) {
            return storeFlags(tag, s);
        }
        if (c instanceof ImapCommand.Search search) {
            return search(tag, search);
        }
        if (c instanceof ImapCommand.Sort sort) {
            return sort(tag, sort);
        }
        if (c instanceof ImapCommand.Thread thread) {
            return thread(tag, thread);
        }
        if (c instanceof ImapCommand.Copy copy) {
            return copyOrMove(tag, copy.numbering() == ImapCommand.Numbering.UID, copy.set(), copy.mailbox(), false);
        }
        if (c instanceof ImapCommand.Move move) {
            return copyOrMove(tag, move.numbering() == ImapCommand.Numbering.UID, move.set(), move.mailbox(), true);
        }
        if (c instanceof ImapCommand.Expunge) {
            return expunge(tag, Optional.empty());
        }
        if (c instanceof ImapCommand.UidExpunge e) {
            checkSet(e.uids(), true);
            return expunge(tag, Optional.of(selected.resolve(e.uids(), true).stream().map(n -> n.message().uid()).toList()));
        }
        if (c instanceof ImapCommand.Close) {
            if (!selected.readOnly) {
                store.expunge(selected.mailbox.id(), Optional.empty()); // silently (RFC 3501 6.4.2)
            }
            selected = null;
            state = State.AUTHENTICATED;
            return reply(List.of(), tag, "OK", "Close completed.");
        }
        if (c instanceof ImapCommand.Unselect) {
            selected = null;
            state = State.AUTHENTICATED;
            return reply(List.of(), tag, "OK", "Unselect completed.");
        }
        return reply(List.of(), tag, "BAD", "Command not supported by this server.");
    }

    /**
     * RFC 5161 ENABLE: CONDSTORE and QRESYNC (RFC 7162; QRESYNC implies CONDSTORE), and IMAP4rev2 (RFC 9051
     * 6.3.1: from then on mailbox names are UTF-8, nothing is \Recent, SEARCH answers ESEARCH, SELECT sends LIST).
     * Names this server does not know are ignored, as the RFC says; the answer lists what this command turned on.
     */
    private Output enable(String tag, List<String> names) {
        List<String> lines = new ArrayList<>();
        List<String> enabled = new ArrayList<>();
        for (String name : names) {
            if (name.equals("CONDSTORE") && !condstore) {
                lines.addAll(condstoreOn());
                enabled.add(name);
            } else if (name.equals("QRESYNC") && !qresync) {
                lines.addAll(condstoreOn());
                qresync = true;
                enabled.add(name);
            } else if (name.equalsIgnoreCase("IMAP4rev2") && !rev2) {
                rev2 = true; // RFC 9051 6.3.1
                enabled.add("IMAP4rev2");
            }
        }
        List<String> out = new ArrayList<>();
        out.add("* ENABLED" + (enabled.isEmpty() ? "" : " " + String.join(" ", enabled)));
        out.addAll(lines);
        return reply(out, tag, "OK", "Enabled.");
    }

    /**
     * Turns CONDSTORE on; with a mailbox selected the client learns its HIGHESTMODSEQ now
     * (RFC 7162 3.1.2: the first CONDSTORE-enabling command while selected).
     */
    private List<String> condstoreOn() {
        if (condstore) {
            return List.of();
        }
        condstore = true;
        if (selected != null) {
            return List.of("* OK [HIGHESTMODSEQ " + selected.knownModseq() + "] Highest");
        }
        return List.of();
    }

    private Selected.Modes modes() {
        return new Selected.Modes(condstore, qresync, rev2);
    }

    /** How mailbox names are written: UTF-8 once IMAP4rev2 is on (RFC 9051 5.1), else modified UTF-7 (RFC 3501 5.1.3). */
    private MailboxEncoding encoding() {
        return rev2 ? MailboxEncoding.UTF8 : MailboxEncoding.MODIFIED_UTF7;
    }

    /** Whether this session shows the message as \Recent: never once IMAP4rev2 is on (RFC 9051 appendix E). */
    private boolean recent(long uid) {
        return !rev2 && selected.isRecent(uid);
    }

    /**
     * Sequence numbers beyond EXISTS are an error, as in Dovecot; UIDs may name messages that are gone, and so may
     * {@code $} (RFC 5182 2.1: it names what is left of the saved result, possibly nothing).
     */
    private void checkSet(io.kurir.imap.codec.SequenceSet set, boolean byUid) {
        if (byUid || set instanceof io.kurir.imap.codec.SequenceSet.Saved) {
            return;
        }
        for (var range : ((io.kurir.imap.codec.SequenceSet.Ranges) set).ranges()) {
            for (long n : new long[] {range.first(), range.last()}) {
                if (n != io.kurir.imap.codec.SequenceSet.LARGEST && n > selected.exists()) {
                    throw new IllegalArgumentException("Invalid messageset");
                }
            }
        }
    }

    // ---- authentication

    /**
     * RFC 3501 6.2.1: only before login and only once; the client must wait for the tagged OK and
     * then negotiate TLS. Whatever it pipelined behind STARTTLS is dropped by the connection.
     */
    private Output startTls(String tag) {
        if (tls) {
            return reply(List.of(), tag, "BAD", "TLS is already active.");
        }
        if (!link.startTlsOffered()) {
            return reply(List.of(), tag, "BAD", "TLS support isn't enabled.");
        }
        if (state != State.NOT_AUTHENTICATED) {
            return reply(List.of(), tag, "BAD", "STARTTLS is only allowed before login.");
        }
        return new Output(List.of(ascii(tag + " OK Begin TLS negotiation now.\r\n")), After.STARTTLS);
    }

    private Output login(String tag, String username, String password) {
        if (!plaintextAllowed()) {
            return reply(List.of(), tag, "NO", "[PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure "
                    + "(SSL/TLS) connections.");
        }
        return check(tag, username, password);
    }

    private Output check(String tag, String login, String password) {
        Optional<String> account = accountName(login);
        if (account.isPresent() && accounts.authenticate(account.get(), password.toCharArray())) {
            user = AccountStore.normalize(account.get());
            state = State.AUTHENTICATED;
            LOG.infof("imap-login: Login: user=<%s>, rip=%s%s", user, clientAddress, tls ? ", TLS" : "");
            return reply(List.of(), tag, "OK", "[CAPABILITY " + capabilities() + "] Logged in");
        }
        failedLogins++;
        LOG.infof("imap-login: Disconnected (auth failed, %d attempts): user=<%s>, rip=%s", failedLogins, printable(login),
                clientAddress);
        if (failedLogins >= 3) {
            return new Output(List.of(ascii(tag + " NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"),
                    ascii("* BYE Too many invalid authentication attempts.\r\n")), After.CLOSE).failed();
        }
        return reply(List.of(), tag, "NO", "[AUTHENTICATIONFAILED] Authentication failed.").failed();
    }

    private Optional<String> accountName(String login) {
        return io.kurir.store.AccountStore.accountName(login, domains);
    }

    private Output authenticate(String tag, ImapCommand.Authenticate auth) {
        if (!auth.mechanism().equalsIgnoreCase("PLAIN")) {
            return reply(List.of(), tag, "NO", "Unsupported authentication mechanism.");
        }
        if (!plaintextAllowed()) {
            return reply(List.of(), tag, "NO", "[PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure "
                    + "(SSL/TLS) connections.");
        }
        if (auth.initialResponse().isPresent()) {
            return plain(tag, auth.initialResponse().get());
        }
        pendingAuthTag = tag;
        return new Output(List.of(ascii("+ \r\n")), After.AUTHENTICATE);
    }

    private Output authenticateResponse(ImapInput.AuthenticateResponse response) {
        String tag = pendingAuthTag;
        pendingAuthTag = null;
        if (tag == null) {
            return out(ImapResponse.untagged(ImapResponse.Status.BAD, "Unexpected continuation"));
        }
        if (response.isCancellation()) {
            return reply(List.of(), tag, "BAD", "Authentication aborted by client.");
        }
        return plain(tag, response.line());
    }

    /** RFC 4616: authzid NUL authcid NUL password, base64. */
    private Output plain(String tag, String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.equals("=") ? "" : base64);
        } catch (IllegalArgumentException e) {
            return reply(List.of(), tag, "BAD", "Invalid base64 data in continued response");
        }
        String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3 || !parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return reply(List.of(), tag, "NO", "[AUTHENTICATIONFAILED] Authentication failed.");
        }
        return check(tag, parts[1], parts[2]);
    }

    // ---- mailboxes

    private Output list(String tag, String reference, List<String> patterns, boolean subscribedOnly) {
        List<String> lines = new ArrayList<>();
        String verb = subscribedOnly ? "LSUB" : "LIST";
        if (patterns.size() == 1 && patterns.get(0).isEmpty()) {
            lines.add("* " + verb + " (\\Noselect) \"/\" \"\"");
            return reply(lines, tag, "OK", verb + " completed.");
        }
        if (reference.length() + patterns.get(0).length() > ListPattern.MAX_LENGTH) {
            return reply(List.of(), tag, "BAD", "Pattern too long.");
        }
        List<ListPattern> matchers = patterns.stream().map(p -> new ListPattern(reference, p)).toList();
        List<MailboxStore.Mailbox> all = store.list(user);
        for (MailboxStore.Mailbox m : all) {
            if (subscribedOnly && !m.subscribed()) {
                continue;
            }
            if (matchers.stream().noneMatch(p -> p.matches(m.name()))) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (!subscribedOnly) {
                boolean children = all.stream().anyMatch(o -> o.name().startsWith(m.name() + "/"));
                attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
                m.specialUse().ifPresent(attributes::add);
            }
            lines.add("* " + verb + " (" + String.join(" ", attributes) + ") \"/\" " + quote(new MailboxName(m.name())));
        }
        return reply(lines, tag, "OK", verb + " completed.");
    }

    /**
     * LIST-EXTENDED (RFC 5258) with LIST-STATUS (RFC 5819) and SPECIAL-USE (RFC 6154): several
     * patterns; selection SUBSCRIBED, RECURSIVEMATCH (CHILDINFO for a parent with subscribed children
     * that did not match itself), SPECIAL-USE and REMOTE (there are no remote mailboxes); return
     * SUBSCRIBED, CHILDREN, SPECIAL-USE and STATUS (a STATUS line after each selectable mailbox).
     */
    private Output listExtended(String tag, ImapCommand.ListMailboxes list) {
        var selection = list.selection();
        for (String pattern : list.patterns()) {
            if (list.reference().length() + pattern.length() > ListPattern.MAX_LENGTH) {
                return reply(List.of(), tag, "BAD", "Pattern too long.");
            }
        }
        List<String> lines = new ArrayList<>();
        if (list.patterns().stream().allMatch(String::isEmpty)) {
            lines.add("* LIST (\\Noselect) \"/\" \"\"");
            return reply(lines, tag, "OK", "List completed.");
        }
        boolean subscribedOnly = selection.contains(ImapCommand.ListSelectOption.SUBSCRIBED);
        boolean specialOnly = selection.contains(ImapCommand.ListSelectOption.SPECIAL_USE);
        boolean recursive = selection.contains(ImapCommand.ListSelectOption.RECURSIVEMATCH);
        boolean showSubscribed = subscribedOnly || list.returnOptions().contains(ImapCommand.ListReturnOption.SUBSCRIBED);
        List<ListPattern> matchers = list.patterns().stream().filter(p -> !p.isEmpty())
                .map(p -> new ListPattern(list.reference(), p)).toList();
        List<MailboxStore.Mailbox> all = store.list(user);
        java.util.function.Predicate<MailboxStore.Mailbox> selected = m -> (!subscribedOnly || m.subscribed())
                && (!specialOnly || m.specialUse().isPresent());
        for (MailboxStore.Mailbox m : all) {
            if (matchers.stream().noneMatch(p -> p.matches(m.name()))) {
                continue;
            }
            boolean self = selected.test(m);
            // RFC 5258 3.5: a matching parent that is not selected itself is listed when a child is
            boolean childMatches = recursive && !self && all.stream()
                    .anyMatch(o -> o.name().startsWith(m.name() + "/") && selected.test(o));
            if (!self && !childMatches) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            boolean children = all.stream().anyMatch(o -> o.name().startsWith(m.name() + "/"));
            attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
            if (showSubscribed && m.subscribed()) {
                attributes.add("\\Subscribed");
            }
            m.specialUse().ifPresent(attributes::add);
            MailboxName name = new MailboxName(m.name());
            String extended = childMatches ? " (\"CHILDINFO\" (\"" + (subscribedOnly ? "SUBSCRIBED" : "SPECIAL-USE") + "\"))" : "";
            lines.add("* LIST (" + String.join(" ", attributes) + ") \"/\" " + quote(name) + extended);
            if (list.returnOptions().contains(ImapCommand.ListReturnOption.STATUS)) {
                lines.add(statusLine(name, m, list.statusItems()));
            }
        }
        return reply(lines, tag, "OK", "List completed.");
    }

    private Output status(String tag, ImapCommand.Status status) {
        Optional<MailboxStore.Mailbox> box = store.find(user, status.mailbox().name());
        if (box.isEmpty()) {
            return reply(List.of(), tag, "NO", "[NONEXISTENT] Mailbox doesn't exist: " + status.mailbox().name());
        }
        List<String> untagged = new ArrayList<>();
        if (status.items().contains(ImapCommand.StatusItem.HIGHESTMODSEQ)) {
            untagged.addAll(condstoreOn()); // RFC 7162 3.1: a CONDSTORE-enabling command
        }
        untagged.add(statusLine(status.mailbox(), box.get(), status.items()));
        return reply(untagged, tag, "OK", "Status completed.");
    }

    /** {@code * STATUS "name" (ITEM n ...)}, items in the client's order. */
    private String statusLine(MailboxName name, MailboxStore.Mailbox box, List<ImapCommand.StatusItem> asked) {
        MailboxStore.Counts counts = store.counts(box.id());
        List<String> items = new ArrayList<>();
        for (ImapCommand.StatusItem item : asked) {
            long value = switch (item) {
                case MESSAGES -> counts.messages();
                case RECENT -> counts.recent();
                case UIDNEXT -> counts.uidNext();
                case UIDVALIDITY -> counts.uidValidity();
                case UNSEEN -> counts.unseen();
                case SIZE -> counts.size();
                case DELETED -> counts.deleted();
                case HIGHESTMODSEQ -> counts.highestModseq();
                case APPENDLIMIT -> APPEND_LIMIT;
            };
            items.add(item + " " + value);
        }
        return "* STATUS " + quote(name) + " (" + String.join(" ", items) + ")";
    }

    private Output select(String tag, MailboxName name, boolean readOnly, ImapCommand.SelectOptions options) {
        if (options.qresync().isPresent() && !qresync) {
            return reply(List.of(), tag, "BAD", "Error in IMAP command SELECT: QRESYNC isn't enabled");
        }
        List<String> lines = new ArrayList<>();
        if (selected != null) {
            lines.add("* OK [CLOSED] Previous mailbox closed."); // RFC 7162 3.2.11
        }
        selected = null;
        state = State.AUTHENTICATED;
        if (options.condStore()) {
            condstore = true;
        }
        Optional<MailboxStore.Mailbox> box = store.find(user, name.name());
        if (box.isEmpty()) {
            return reply(lines, tag, "NO", "[NONEXISTENT] Mailbox doesn't exist: " + name.name());
        }
        MailboxViews.Snapshot snapshot = MailboxViews.load(store, box.get().id(), box.get().highestModseq());
        List<MailboxStore.Message> messages = snapshot.messages();
        selected = new Selected(box.get(), readOnly, messages, snapshot.modseq());
        state = State.SELECTED;
        if (!readOnly) {
            selected.markRecent(store.claimRecent(box.get().id(), selected.uidAfterView()));
        }
        lines.add("* FLAGS " + Flags.SYSTEM);
        lines.add("* OK [PERMANENTFLAGS " + (readOnly ? "()" : Flags.PERMANENT) + "] Flags permitted.");
        lines.add("* " + messages.size() + " EXISTS");
        if (rev2) {
            lines.add(selectedListLine(box.get())); // RFC 9051 6.3.2: no RECENT, no UNSEEN; a LIST response instead
        } else {
            lines.add("* " + selected.recentCount() + " RECENT");
            for (int i = 0; i < messages.size(); i++) {
                if (!Flags.has(messages.get(i).flags(), "\\Seen")) {
                    lines.add("* OK [UNSEEN " + (i + 1) + "] First unseen.");
                    break;
                }
            }
        }
        lines.add("* OK [UIDVALIDITY " + box.get().uidValidity() + "] UIDs valid");
        lines.add("* OK [UIDNEXT " + box.get().uidNext() + "] Predicted next UID");
        if (condstore) {
            lines.add("* OK [HIGHESTMODSEQ " + selected.knownModseq() + "] Highest");
        }
        options.qresync().ifPresent(q -> lines.addAll(resync(q)));
        return reply(lines, tag, "OK", (readOnly ? "[READ-ONLY]" : "[READ-WRITE]") + " Select completed.");
    }

    /**
     * RFC 9051 6.3.2: in IMAP4rev2, SELECT and EXAMINE answer a LIST response with the mailbox's name and its
     * attributes, as LIST would give them. UTF-8 names are stored as the client wrote them (not normalised), so the
     * name is the one the client used and no OLDNAME is due.
     */
    private String selectedListLine(MailboxStore.Mailbox box) {
        List<String> attributes = new ArrayList<>();
        boolean children = store.list(user).stream().anyMatch(o -> o.name().startsWith(box.name() + "/"));
        attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
        box.specialUse().ifPresent(attributes::add);
        return "* LIST (" + String.join(" ", attributes) + ") \"/\" " + quote(new MailboxName(box.name()));
    }

    /**
     * RFC 7162 3.2.5: a client that knows the mailbox (same UIDVALIDITY) learns what vanished and what
     * changed since its mod-sequence, limited to the UIDs it says it knows. Expunged UIDs are kept
     * for good, so the sequence-match data (a hint for servers that forget) is not needed.
     */
    private List<String> resync(ImapCommand.Qresync q) {
        if (q.uidValidity() != selected.mailbox.uidValidity()) {
            return List.of();
        }
        long largestUid = Math.max(selected.largest(true), selected.mailbox.uidNext() - 1);
        java.util.function.LongPredicate known = uid -> q.knownUids().map(set -> set.contains(uid, largestUid)).orElse(true);
        List<String> lines = new ArrayList<>();
        List<Long> vanished = store.expungedSince(selected.mailbox.id(), q.modSeq()).stream().filter(known::test).toList();
        if (!vanished.isEmpty()) {
            lines.add("* VANISHED (EARLIER) " + join(vanished));
        }
        List<MailboxStore.Message> view = selected.messages();
        for (int i = 0; i < view.size(); i++) {
            MailboxStore.Message m = view.get(i);
            if (m.modseq() > q.modSeq() && known.test(m.uid())) {
                lines.add("* " + (i + 1) + " FETCH (UID " + m.uid() + " FLAGS " + Flags.list(m.flags(), recent(m.uid()))
                        + " MODSEQ (" + m.modseq() + "))");
            }
        }
        return lines;
    }

    // ---- QUOTA (RFC 9208): one storage root per account, as Dovecot's "User quota"

    private static final String QUOTA_ROOT = "User quota";

    /** The account's storage limit in octets, when it has one. */
    private OptionalLong quotaLimit(AccountStore.Usage usage) {
        long limit = usage.quotaBytes().orElse(mailboxSizeLimit);
        return limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty();
    }

    private AccountStore.Usage usage() {
        return accounts.usage(user).orElseThrow(() -> new io.kurir.store.StoreException("account " + user + " is gone"));
    }

    /** RFC 9208 5.1: STORAGE in units of 1024 octets. */
    private static String quotaLine(AccountStore.Usage usage, long limit) {
        return "* QUOTA \"" + QUOTA_ROOT + "\" (STORAGE " + usage.bytes() / 1024 + " " + limit / 1024 + ")";
    }

    private Output getQuotaRoot(String tag, MailboxName name) {
        if (store.find(user, name.name()).isEmpty()) {
            return reply(List.of(), tag, "NO", "[NONEXISTENT] Mailbox doesn't exist: " + name.name());
        }
        AccountStore.Usage usage = usage();
        OptionalLong limit = quotaLimit(usage);
        List<String> lines = new ArrayList<>();
        lines.add("* QUOTAROOT " + quote(name) + (limit.isPresent() ? " \"" + QUOTA_ROOT + "\"" : ""));
        limit.ifPresent(l -> lines.add(quotaLine(usage, l)));
        return reply(lines, tag, "OK", "Getquotaroot completed.");
    }

    private Output getQuota(String tag, String root) {
        AccountStore.Usage usage = usage();
        OptionalLong limit = quotaLimit(usage);
        if (!root.equals(QUOTA_ROOT) || limit.isEmpty()) {
            return reply(List.of(), tag, "NO", "[NONEXISTENT] Quota root doesn't exist.");
        }
        return reply(List.of(quotaLine(usage, limit.getAsLong())), tag, "OK", "Getquota completed.");
    }

    /**
     * {@code NO [OVERQUOTA]} when storing {@code adding} more octets would pass the account's limit. An
     * account without a limit costs one key lookup; only with a limit is its mail summed.
     */
    private Optional<Output> overQuota(String tag, long adding) {
        if (accounts.ownQuota(user).orElse(mailboxSizeLimit) == 0) {
            return Optional.empty();
        }
        AccountStore.Usage usage = usage();
        OptionalLong limit = quotaLimit(usage);
        if (limit.isPresent() && usage.bytes() + adding > limit.getAsLong()) {
            return Optional.of(reply(List.of(), tag, "NO", "[OVERQUOTA] Quota exceeded (mailbox for user is full)"));
        }
        return Optional.empty();
    }

    /** The header facts of an appended message, computed now so that SORT and SEARCH find them; never fails APPEND. */
    private void storedFacts(String blobId, byte[] content) {
        try {
            factsLoader.stored(blobId, content);
        } catch (RuntimeException e) {
            LOG.warnf("imap(%s): header facts of an appended message not kept: %s", user, e.getMessage());
        }
    }

    private Output append(String tag, ImapCommand.Append append) {
        if (append.messages().size() != 1) {
            throw new Unsupported("MULTIAPPEND is not supported");
        }
        Optional<MailboxStore.Mailbox> box = store.find(user, append.mailbox().name());
        if (box.isEmpty()) {
            return reply(List.of(), tag, "NO", "[TRYCREATE] Mailbox doesn't exist: " + append.mailbox().name());
        }
        Optional<Output> full = overQuota(tag, append.messages().stream().mapToLong(m -> m.content().length).sum());
        if (full.isPresent()) {
            return full.get();
        }
        List<Long> uids = new ArrayList<>();
        long uidValidity = box.get().uidValidity();
        for (ImapCommand.AppendMessage m : append.messages()) {
            Instant date = m.internalDate().map(d -> d.toInstant()).orElse(clock.instant());
            MailboxStore.Assigned assigned = store.append(user, box.get().name(), m.content(), Flags.names(m.flags()), date);
            storedFacts(assigned.blobIds().get(0), m.content());
            uids.addAll(assigned.uids());
            uidValidity = assigned.uidValidity();
        }
        List<String> untagged = selected != null && selected.mailbox.id() == box.get().id() ? sync(true) : List.of();
        return reply(untagged, tag, "OK", "[APPENDUID " + uidValidity + " " + join(uids) + "] Append completed.");
    }

    // ---- selected state

    private Output fetch(String tag, ImapCommand.Fetch fetch) {
        boolean byUid = fetch.numbering() == ImapCommand.Numbering.UID;
        if (fetch.vanished() && !qresync) {
            return reply(List.of(), tag, "BAD", "Error in IMAP command FETCH: VANISHED needs QRESYNC enabled");
        }
        checkSet(fetch.set(), byUid);
        List<byte[]> before = new ArrayList<>();
        boolean withModseq = fetch.changedSince().isPresent() || fetch.attributes().contains(FetchAttribute.Simple.MODSEQ);
        if (withModseq) {
            condstoreOn().forEach(l -> before.add(ascii(l + "\r\n"))); // RFC 7162 3.1: CONDSTORE-enabling
        }
        for (FetchAttribute a : fetch.attributes()) {
            if (a instanceof FetchAttribute.BodySection) {
                FetchRenderer.mimeItem(a); // a section libs/mime cannot read is BAD now, not in the middle of the answer
            }
        }
        boolean needsContent = FetchRenderer.needsContent(fetch.attributes());
        List<Selected.Numbered> targets = selected.resolve(fetch.set(), byUid);
        if (fetch.changedSince().isPresent()) {
            long since = fetch.changedSince().getAsLong();
            targets = targets.stream().filter(n -> n.message().modseq() > since).toList(); // RFC 7162 3.1.4.1
            if (fetch.vanished()) {
                // RFC 7162 3.2.6: the UIDs in the set expunged since then; UIDs the client names may be long gone
                long largestUid = Math.max(selected.largest(true), selected.mailbox.uidNext() - 1);
                List<Long> gone = store.expungedSince(selected.mailbox.id(), since).stream()
                        .filter(uid -> fetch.set() instanceof io.kurir.imap.codec.SequenceSet.Saved ? selected.saved().contains(uid)
                                : fetch.set().contains(uid, largestUid)).toList();
                if (!gone.isEmpty()) {
                    before.add(ascii("* VANISHED (EARLIER) " + join(gone) + "\r\n"));
                }
            }
        }
        if (FetchRenderer.hasBinary(fetch.attributes())) {
            Optional<String> problem = binaryProblem(targets, fetch.attributes());
            if (problem.isPresent()) {
                before.add(ascii(tag + " " + problem.get() + "\r\n"));
                return new Output(before, After.CONTINUE);
            }
        }
        java.util.Set<Long> seenNow = new java.util.HashSet<>();
        if (FetchRenderer.setsSeen(fetch.attributes()) && !selected.readOnly) {
            List<Long> unseen = targets.stream().map(Selected.Numbered::message).filter(m -> !Flags.has(m.flags(), "\\Seen"))
                    .map(MailboxStore.Message::uid).toList();
            for (MailboxStore.Message m : store.storeFlags(selected.mailbox.id(), unseen, MailboxStore.FlagMode.ADD,
                    Set.of("\\Seen"), OptionalLong.empty()).changed()) {
                selected.replace(selected.seqOf(m.uid()), m);
                seenNow.add(m.uid());
            }
        }
        // the responses are produced a few at a time as the client reads them: FETCH 1:* BODY[] never sits in memory
        java.util.Iterator<Selected.Numbered> next = targets.iterator();
        boolean[] done = {false};
        Producer producer = budget -> {
            List<byte[]> chunk = new ArrayList<>();
            long bytes = 0;
            while (next.hasNext() && bytes < budget) {
                Selected.Numbered n = next.next();
                MailboxStore.Message message = selected.messages().get(n.seq() - 1);
                Optional<MimeMessage> content = Optional.empty();
                if (needsContent) {
                    Optional<byte[]> raw = store.content(message);
                    if (raw.isEmpty()) {
                        LOG.errorf("imap(%s): message %d of %s has no content", user, message.uid(), selected.mailbox.name());
                        continue;
                    }
                    content = Optional.of(MimeMessage.parse(raw.get()));
                }
                byte[] response = FetchRenderer.render(n.seq(), message, content, fetch.attributes(), byUid,
                        seenNow.contains(message.uid()), withModseq || condstore && seenNow.contains(message.uid()),
                        recent(message.uid()));
                chunk.add(response);
                bytes += response.length;
            }
            if (!next.hasNext() && !done[0]) {
                done[0] = true;
                sync(byUid).forEach(l -> chunk.add(ascii(l + "\r\n")));
                chunk.add(ascii(tag + " OK Fetch completed.\r\n"));
            }
            return chunk;
        };
        return new Output(before, After.CONTINUE, Optional.of(producer));
    }

    /**
     * RFC 3516 4.3: a BINARY item that cannot be sent fails the whole FETCH. Every message is looked at before the
     * first response, so the client gets the NO alone and no message is marked \Seen.
     */
    private Optional<String> binaryProblem(List<Selected.Numbered> targets, List<FetchAttribute> attributes) {
        for (Selected.Numbered n : targets) {
            Optional<byte[]> raw = store.content(n.message());
            if (raw.isPresent()) {
                Optional<String> problem = FetchRenderer.binaryProblem(MimeMessage.parse(raw.get()), attributes);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private Output storeFlags(String tag, ImapCommand.Store s) {
        if (selected.readOnly) {
            return reply(List.of(), tag, "NO", "Mailbox is read-only.");
        }
        List<String> lines = new ArrayList<>();
        if (s.unchangedSince().isPresent()) {
            lines.addAll(condstoreOn()); // RFC 7162 3.1: CONDSTORE-enabling
        }
        boolean byUid = s.numbering() == ImapCommand.Numbering.UID;
        checkSet(s.set(), byUid);
        List<Selected.Numbered> targets = selected.resolve(s.set(), byUid);
        MailboxStore.FlagMode mode = switch (s.action()) {
            case ADD -> MailboxStore.FlagMode.ADD;
            case REMOVE -> MailboxStore.FlagMode.REMOVE;
            case REPLACE -> MailboxStore.FlagMode.REPLACE;
        };
        var update = store.storeFlags(selected.mailbox.id(), targets.stream().map(n -> n.message().uid()).toList(), mode,
                Flags.names(s.flags()), s.unchangedSince());
        java.util.Set<Long> changedUids = new java.util.HashSet<>();
        java.util.Set<Long> modifiedUids = new java.util.HashSet<>(update.modifiedSince());
        for (MailboxStore.Message changed : update.changed()) {
            changedUids.add(changed.uid());
            int seq = selected.seqOf(changed.uid());
            selected.replace(seq, changed);
            if (!s.silent()) {
                lines.add("* " + seq + " FETCH (" + (byUid ? "UID " + changed.uid() + " " : "") + "FLAGS "
                        + Flags.list(changed.flags(), recent(changed.uid())) + (condstore ? " MODSEQ (" + changed.modseq() + ")" : "") + ")");
            } else if (condstore) {
                // RFC 7162 3.1.3: the new mod-sequence is told even with .SILENT
                lines.add("* " + seq + " FETCH (" + (byUid ? "UID " + changed.uid() + " " : "") + "MODSEQ (" + changed.modseq() + "))");
            }
        }
        if (!s.silent()) {
            // RFC 3501 6.4.6: the flags of every message named, changed by this STORE or not (not those UNCHANGEDSINCE refused)
            for (Selected.Numbered n : targets) {
                if (!changedUids.contains(n.message().uid()) && !modifiedUids.contains(n.message().uid())) {
                    MailboxStore.Message current = selected.messages().get(n.seq() - 1);
                    lines.add("* " + n.seq() + " FETCH (" + (byUid ? "UID " + current.uid() + " " : "") + "FLAGS "
                            + Flags.list(current.flags(), recent(current.uid())) + (condstore ? " MODSEQ (" + current.modseq() + ")" : "") + ")");
                }
            }
        }
        lines.addAll(sync(byUid)); // no EXPUNGE during STORE by sequence number (RFC 3501 7.4.1)
        if (!modifiedUids.isEmpty()) {
            // RFC 7162 3.1.3: what UNCHANGEDSINCE left alone, as UIDs or sequence numbers like the command
            List<Long> modified = targets.stream().filter(n -> modifiedUids.contains(n.message().uid()))
                    .map(n -> byUid ? n.message().uid() : (long) n.seq()).sorted().toList();
            return reply(lines, tag, "OK", "[MODIFIED " + join(modified) + "] Conditional store failed.");
        }
        return reply(lines, tag, "OK", "Store completed.");
    }

    private Output search(String tag, ImapCommand.Search search) {
        boolean save = search.returnOptions().isPresent() && search.returnOptions().get().contains(ImapCommand.SearchReturnOption.SAVE);
        try {
            return searchOrFail(tag, search, save);
        } catch (RuntimeException e) {
            if (save) {
                selected.save(List.of()); // RFC 5182 2.1: a SEARCH ... SAVE that fails leaves $ empty
            }
            throw e;
        }
    }

    private Output searchOrFail(String tag, ImapCommand.Search search, boolean save) {
        boolean byUid = search.numbering() == ImapCommand.Numbering.UID;
        Searcher.checkSupported(search.criteria());
        if (search.charset().isPresent() && !CHARSETS.contains(search.charset().get())) {
            if (save) {
                selected.save(List.of()); // RFC 5182 2.1
            }
            return reply(List.of(), tag, "NO", "[BADCHARSET (US-ASCII UTF-8)] Unsupported charset");
        }
        List<String> lines = new ArrayList<>();
        boolean modseqSearch = Searcher.usesModseq(search.criteria());
        if (modseqSearch) {
            lines.addAll(condstoreOn()); // RFC 7162 3.1.5
        }
        List<Long> hits = new ArrayList<>();
        long highestModseq = 0;
        List<Selected.Numbered> matched = matching(search.criteria());
        for (Selected.Numbered n : matched) {
            hits.add(byUid ? n.message().uid() : n.seq());
            highestModseq = Math.max(highestModseq, n.message().modseq());
        }
        if (save) {
            selected.save(savedResult(search.returnOptions().get(), matched));
        }
        Optional<Set<ImapCommand.SearchReturnOption>> options = search.returnOptions()
                .or(() -> rev2 ? Optional.of(Set.of(ImapCommand.SearchReturnOption.ALL)) : Optional.empty());
        if (options.isPresent()) {
            // RFC 5182 2.1: RETURN (SAVE) alone answers no ESEARCH; RFC 9051 6.4.4: in IMAP4rev2 a SEARCH without
            // RETURN is answered as RETURN (ALL), with an ESEARCH response
            if (!options.get().equals(Set.of(ImapCommand.SearchReturnOption.SAVE))) {
                lines.add(esearch(tag, byUid, options.get(), hits, modseqSearch ? highestModseq : 0));
            }
        } else {
            // RFC 7162 3.1.5: with MODSEQ in the criteria, the highest mod-sequence of what matched
            lines.add("* SEARCH" + (hits.isEmpty() ? "" : " " + hits.stream().map(String::valueOf).collect(Collectors.joining(" ")))
                    + (modseqSearch && !hits.isEmpty() ? " (MODSEQ " + highestModseq + ")" : ""));
        }
        lines.addAll(sync(byUid));
        return reply(lines, tag, "OK", "Search completed.");
    }

    /**
     * RFC 5182 2.1: what SAVE keeps, as UIDs. With MIN and/or MAX and neither ALL nor COUNT, only the lowest and/or
     * highest match; otherwise every match.
     */
    private static List<Long> savedResult(Set<ImapCommand.SearchReturnOption> options, List<Selected.Numbered> matched) {
        boolean min = options.contains(ImapCommand.SearchReturnOption.MIN);
        boolean max = options.contains(ImapCommand.SearchReturnOption.MAX);
        boolean all = options.contains(ImapCommand.SearchReturnOption.ALL) || options.contains(ImapCommand.SearchReturnOption.COUNT);
        if (matched.isEmpty() || all || !min && !max) {
            return matched.stream().map(n -> n.message().uid()).toList();
        }
        List<Long> out = new ArrayList<>();
        if (min) {
            out.add(matched.get(0).message().uid());
        }
        if (max) {
            out.add(matched.get(matched.size() - 1).message().uid());
        }
        return out;
    }

    /** The largest message APPEND takes (RFC 7889), the decoder's limit: a larger literal gets {@code NO [TOOBIG]}. */
    static final long APPEND_LIMIT = io.kurir.imap.codec.ImapDecoderLimits.DEFAULT.appendLimit();

    /** The CHARSETs SEARCH, SORT and THREAD take (RFC 3501 6.4.4: US-ASCII must be, UTF-8 is the useful one). */
    private static final Set<String> CHARSETS = Set.of("US-ASCII", "UTF-8");

    /** The messages of the selected mailbox that match a search key, in sequence order. */
    private List<Selected.Numbered> matching(io.kurir.imap.codec.SearchKey key) {
        Searcher.checkSupported(key);
        Searcher searcher = new Searcher(selected.largest(false), selected.largest(true), selected.saved(), clock);
        List<Selected.Numbered> hits = new ArrayList<>();
        List<MailboxStore.Message> messages = selected.messages();
        Searcher.Needs needs = Searcher.needs(key);
        if (needs == Searcher.Needs.FACTS) {
            // From/To/Cc/Subject/Date: the facts SORT keeps, shared by every session, read once
            List<Selected.Numbered> all = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                all.add(new Selected.Numbered(i + 1, messages.get(i)));
            }
            List<io.kurir.mime.sort.SortInput> facts = sortInputs(all);
            for (int i = 0; i < messages.size(); i++) {
                MailboxStore.Message m = messages.get(i);
                var candidate = new Searcher.Candidate(i + 1, m, recent(m.uid()), store::content, Optional.of(facts.get(i)));
                if (searcher.matches(key, candidate)) {
                    hits.add(new Selected.Numbered(i + 1, m));
                }
            }
            return hits;
        }
        // header-only criteria read just the headers, in batches, not each whole message
        int batch = needs == Searcher.Needs.HEADER ? 1000 : messages.size();
        for (int from = 0; from < messages.size(); from += Math.max(1, batch)) {
            List<MailboxStore.Message> chunk = messages.subList(from, Math.min(messages.size(), from + Math.max(1, batch)));
            java.util.function.Function<MailboxStore.Message, Optional<byte[]>> loader = store::content;
            if (needs == Searcher.Needs.HEADER) {
                java.util.Map<String, byte[]> heads = store.headers(chunk.stream().map(MailboxStore.Message::blobId).toList(), HEAD_PREFIX);
                loader = m -> {
                    byte[] head = heads.get(m.blobId());
                    // a header longer than the prefix: read the whole message for it
                    return head != null && (head.length < HEAD_PREFIX || MimeMessage.parse(head).root().header().terminated())
                            ? Optional.of(head) : store.content(m);
                };
            }
            for (int i = 0; i < chunk.size(); i++) {
                MailboxStore.Message m = chunk.get(i);
                var candidate = new Searcher.Candidate(from + i + 1, m, recent(m.uid()), loader);
                if (searcher.matches(key, candidate)) {
                    hits.add(new Selected.Numbered(from + i + 1, m));
                }
            }
        }
        return hits;
    }

    /** How much of a message is read when only its header is needed. */
    static final int HEAD_PREFIX = 65536;

    /**
     * What SORT, THREAD and SEARCH FROM/TO/CC/SUBJECT/SENT* look at: the header facts of each message, from the
     * replica's memory, the {@code message_facts} table or, the first time, the headers ({@link FactsLoader}).
     */
    private List<io.kurir.mime.sort.SortInput> sortInputs(List<Selected.Numbered> messages) {
        java.util.Map<String, io.kurir.mime.sort.HeaderFacts> facts = factsLoader.of(selected.mailbox.id(),
                messages.stream().map(Selected.Numbered::message).toList());
        List<io.kurir.mime.sort.SortInput> out = new ArrayList<>(messages.size());
        for (Selected.Numbered n : messages) {
            MailboxStore.Message m = n.message();
            out.add(facts.get(m.blobId()).input(n.seq(), m.uid(), m.internalDate(), m.size()));
        }
        return out;
    }

    /** RFC 5256 SORT (and RFC 5957 DISPLAYFROM/DISPLAYTO): the matching messages in the asked order. */
    private Output sort(String tag, ImapCommand.Sort sort) {
        if (sort.returnOptions().isPresent()) {
            throw new Unsupported("ESORT (SORT RETURN) is not supported");
        }
        if (!CHARSETS.contains(sort.charset())) {
            return reply(List.of(), tag, "NO", "[BADCHARSET (US-ASCII UTF-8)] Unsupported charset");
        }
        boolean byUid = sort.numbering() == ImapCommand.Numbering.UID;
        List<io.kurir.mime.sort.SortCriterion> criteria = sort.criteria().stream()
                .map(c -> new io.kurir.mime.sort.SortCriterion(io.kurir.mime.sort.SortKey.valueOf(c.key().name()), c.reverse()))
                .toList();
        // The replica's last order for these criteria, brought up to date: keys are computed only for messages it
        // does not have yet (RFC 5256's sequence tie-break is the UID's within one view)
        List<Selected.Numbered> matching = matching(sort.searchKey());
        long[] uids = new long[matching.size()];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = matching.get(i).message().uid();
        }
        MailboxStore.Mailbox mailbox = selected.mailbox;
        io.kurir.mime.sort.SortOrder order = SortOrders.update(mailbox.id(), mailbox.uidValidity(), criteria, uids,
                missing -> sortInputs(java.util.Arrays.stream(missing)
                        .mapToObj(uid -> matching.get(java.util.Arrays.binarySearch(uids, uid))).toList()));
        StringBuilder line = new StringBuilder(8 + 8 * order.size()).append("* SORT");
        for (int i = 0; i < order.size(); i++) {
            long uid = order.uid(i);
            line.append(' ').append(byUid ? uid : matching.get(java.util.Arrays.binarySearch(uids, uid)).seq());
        }
        List<String> lines = new ArrayList<>();
        lines.add(line.toString());
        lines.addAll(sync(byUid));
        return reply(lines, tag, "OK", "Sort completed.");
    }

    /** RFC 5256 THREAD: REFERENCES and ORDEREDSUBJECT (REFS is parsed but not offered). */
    private Output thread(String tag, ImapCommand.Thread thread) {
        if (thread.algorithm() == ImapCommand.ThreadAlgorithm.REFS) {
            return reply(List.of(), tag, "BAD", "Error in IMAP command THREAD: Unknown thread algorithm");
        }
        if (!CHARSETS.contains(thread.charset())) {
            return reply(List.of(), tag, "NO", "[BADCHARSET (US-ASCII UTF-8)] Unsupported charset");
        }
        boolean byUid = thread.numbering() == ImapCommand.Numbering.UID;
        var threads = io.kurir.mime.sort.Threader.thread(io.kurir.mime.sort.ThreadAlgorithm.valueOf(thread.algorithm().name()),
                sortInputs(matching(thread.searchKey())));
        String rendered = io.kurir.mime.sort.ThreadResponse.render(threads,
                byUid ? io.kurir.mime.sort.SortInput::uid : io.kurir.mime.sort.SortInput::sequence);
        List<String> lines = new ArrayList<>();
        lines.add("* THREAD" + (rendered.isEmpty() ? "" : " " + rendered));
        lines.addAll(sync(byUid));
        return reply(lines, tag, "OK", "Thread completed.");
    }

    /**
     * RFC 4731 ESEARCH: {@code * ESEARCH (TAG "t") [UID] MIN n MAX n ALL set COUNT n}; MIN, MAX and ALL
     * only when something matched. {@code RETURN ()} arrives as ALL.
     */
    private static String esearch(String tag, boolean byUid, Set<ImapCommand.SearchReturnOption> options, List<Long> hits,
            long highestModseq) {
        StringBuilder sb = new StringBuilder("* ESEARCH (TAG \"").append(tag).append("\")");
        if (byUid) {
            sb.append(" UID");
        }
        if (!hits.isEmpty()) {
            if (options.contains(ImapCommand.SearchReturnOption.MIN)) {
                sb.append(" MIN ").append(hits.get(0));
            }
            if (options.contains(ImapCommand.SearchReturnOption.MAX)) {
                sb.append(" MAX ").append(hits.get(hits.size() - 1));
            }
            if (options.contains(ImapCommand.SearchReturnOption.ALL)) {
                sb.append(" ALL ").append(join(hits));
            }
        }
        if (options.contains(ImapCommand.SearchReturnOption.COUNT)) {
            sb.append(" COUNT ").append(hits.size());
        }
        if (highestModseq > 0 && !hits.isEmpty()) {
            sb.append(" MODSEQ ").append(highestModseq);
        }
        return sb.toString();
    }

    private Output copyOrMove(String tag, boolean byUid, io.kurir.imap.codec.SequenceSet set, MailboxName target, boolean move) {
        if (move && selected.readOnly) {
            return reply(List.of(), tag, "NO", "Mailbox is read-only.");
        }
        Optional<MailboxStore.Mailbox> to = store.find(user, target.name());
        if (to.isEmpty()) {
            return reply(List.of(), tag, "NO", "[TRYCREATE] Mailbox doesn't exist: " + target.name());
        }
        checkSet(set, byUid);
        List<Selected.Numbered> chosen = selected.resolve(set, byUid);
        List<Long> uids = chosen.stream().map(n -> n.message().uid()).toList();
        if (uids.isEmpty()) {
            return reply(List.of(), tag, "OK", "No messages found.");
        }
        if (!move) {
            Optional<Output> full = overQuota(tag, chosen.stream().mapToLong(n -> n.message().size()).sum());
            if (full.isPresent()) {
                return full.get();
            }
        }
        MailboxStore.Assigned assigned = move ? store.move(selected.mailbox.id(), uids, to.get().id())
                : store.copy(selected.mailbox.id(), uids, to.get().id());
        String copyUid = "[COPYUID " + assigned.uidValidity() + " " + join(assigned.sourceUids()) + " " + join(assigned.uids()) + "]";
        if (!move) {
            return reply(sync(byUid), tag, "OK", copyUid + " Copy completed.");
        }
        List<String> lines = new ArrayList<>();
        lines.add("* OK " + copyUid + " Moved UIDs.");
        lines.addAll(selected.expunged(assigned.sourceUids(), qresync));
        return reply(lines, tag, "OK", "Move completed.");
    }

    private Output expunge(String tag, Optional<List<Long>> onlyUids) {
        if (selected.readOnly) {
            return reply(List.of(), tag, "NO", "Mailbox is read-only.");
        }
        List<Long> removed = store.expunge(selected.mailbox.id(), onlyUids.map(l -> (java.util.Collection<Long>) l));
        List<String> lines = new ArrayList<>(selected.expunged(removed, qresync));
        lines.addAll(sync(true));
        return reply(lines, tag, "OK", "Expunge completed.");
    }

    /** While idling: what changed since the last look, as bytes to send (often nothing). */
    public List<byte[]> idleCheck() {
        if (idleTag == null) {
            return List.of();
        }
        try {
            return sync(true).stream().map(l -> ascii(l + "\r\n")).toList();
        } catch (RuntimeException e) {
            LOG.warnf("imap(%s): idle check failed: %s", user, e.getMessage());
            return List.of();
        }
    }

    /** Untagged responses for changes made by other sessions and deliveries since the last look. */
    private List<String> sync(boolean expungesAllowed) {
        if (selected == null) {
            return List.of();
        }
        long id = selected.mailbox.id();
        return selected.sync(store.changesSince(id, selected.knownModseq()), expungesAllowed, modes(),
                selected.readOnly ? uidNext -> uidNext : uidNext -> store.claimRecent(id, uidNext));
    }

    // ---- helpers

    private String quote(MailboxName name) {
        String wire = name.wire(encoding());
        return "\"" + wire.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A UID set for APPENDUID/COPYUID (RFC 4315), runs written as {@code first:last}, in the given order. */
    static String join(List<Long> uids) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < uids.size(); i++) {
            int j = i;
            while (j + 1 < uids.size() && uids.get(j + 1) == uids.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ",").append(uids.get(i));
            if (j > i) {
                sb.append(':').append(uids.get(j));
            }
            i = j;
        }
        return sb.toString();
    }

    private Output mailboxResult(String tag, String statusAndText) {
        int space = statusAndText.indexOf(' ');
        return reply(sync(true), tag, statusAndText.substring(0, space), statusAndText.substring(space + 1));
    }

    private static Output reply(List<String> untagged, String tag, String status, String text) {
        List<byte[]> writes = new ArrayList<>();
        for (String line : untagged) {
            writes.add(ascii(line + "\r\n"));
        }
        writes.add(ascii(tag + " " + status + " " + text + "\r\n"));
        return new Output(writes, After.CONTINUE);
    }

    private static Output out(ImapResponse response) {
        return new Output(List.of(response.bytes()), After.CONTINUE);
    }

    /** Client text in a log line or reply: control characters as {@code ?}, at most 100 characters. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(100).forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return sb.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
