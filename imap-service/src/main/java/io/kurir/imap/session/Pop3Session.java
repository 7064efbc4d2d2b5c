package io.kurir.imap.session;

import io.kurir.imap.pop3.MessageWriter;
import io.kurir.imap.pop3.Pop3Command;
import io.kurir.imap.pop3.Pop3CommandParser;
import io.kurir.imap.pop3.Pop3Line;
import io.kurir.imap.pop3.Printable;
import io.kurir.imap.store.MaildropLocks;
import io.kurir.mail.MailDomains;
import io.kurir.store.Account;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxStore;
import io.kurir.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One POP3 conversation (RFC 1939) as a state machine: AUTHORIZATION → TRANSACTION → UPDATE, as
 * Dovecot's pop3 answers it. The maildrop is the account's INBOX as it was at login, numbered 1..n;
 * DELE only marks, RSET unmarks, and QUIT in TRANSACTION removes the marked messages and sets \Seen
 * on the retrieved ones (Dovecot's default {@code pop3_no_flag_updates = no}) — a connection that
 * ends any other way changes nothing. The account's maildrop lock is held from login to the end.
 *
 * <p>It runs on a worker thread (it reads PostgreSQL), one line at a time, and answers with the
 * bytes to send; {@link #close} may come from another thread, so the public methods are synchronized.
 */
public final class Pop3Session {

    private static final Logger LOG = Logger.getLogger("pop3");

    /** What the connection does after writing an answer. */
    public enum After { CONTINUE, STLS, CLOSE }

    /** The next part of a long answer (RETR, TOP), about {@code budget} octets; empty when it is complete. */
    @FunctionalInterface
    public interface Producer {
        List<byte[]> next(int budget);
    }

    /** The answer to one line: bytes to write now, maybe a producer of the rest, and what follows. */
    public record Output(List<byte[]> writes, After after, Optional<Producer> more, boolean failedLogin) {
        Output(List<byte[]> writes, After after) {
            this(writes, after, Optional.empty(), false);
        }
    }

    private enum State { AUTHORIZATION, TRANSACTION, UPDATE }

    /** The maildrop as it was at login (RFC 1939 section 6: message numbers stay fixed for the session). */
    private record Maildrop(long mailboxId, long uidValidity, List<MailboxStore.Message> messages) {
    }

    private final MailboxStore store;
    private final AccountStore accounts;
    private final MailDomains domains;
    private final MaildropLocks locks;
    private final ClientLink link;
    private boolean tls;
    private State state = State.AUTHORIZATION;
    private Optional<String> pendingUser = Optional.empty();
    private boolean saslPending;
    private int failedLogins;
    private String user = "";
    private Optional<MaildropLocks.Lease> lease = Optional.empty();
    private Maildrop drop;
    private final BitSet deleted = new BitSet();
    private final BitSet retrieved = new BitSet();
    private boolean closed;

    public Pop3Session(MailboxStore store, AccountStore accounts, MailDomains domains, MaildropLocks locks, ClientLink link) {
        this.store = store;
        this.accounts = accounts;
        this.domains = domains;
        this.locks = locks;
        this.link = link;
        this.tls = link.implicitTls();
    }

    public byte[] greeting() {
        return ascii("+OK Kurir ready.\r\n");
    }

    public synchronized boolean loggedIn() {
        return state != State.AUTHORIZATION;
    }

    /** The TLS handshake after STLS is done (RFC 2595 section 4). */
    public synchronized void tlsStarted() {
        tls = true;
    }

    /** The connection is gone: without QUIT nothing is committed (RFC 1939 section 6); the lock is released. */
    public synchronized void close() {
        closed = true;
        lease.ifPresent(MaildropLocks.Lease::close);
        lease = Optional.empty();
    }

    public synchronized Output handle(Pop3Line input) {
        if (closed) {
            // the client left while this line waited for a worker: a login now would hold the lock for nobody
            return new Output(List.of(), After.CLOSE);
        }
        try {
            if (input instanceof Pop3Line.TooLong) {
                // RFC 2449 section 4's 255 octets; Dovecot answers this and disconnects
                return new Output(List.of(ascii("-ERR Input line too long.\r\n")), After.CLOSE);
            }
            String line = ((Pop3Line.Line) input).text();
            if (saslPending) {
                saslPending = false;
                return saslResponse(line);
            }
            return dispatch(Pop3CommandParser.parse(line));
        } catch (StoreException e) {
            LOG.errorf("pop3(%s): %s", user, e.getMessage());
            return err("[SYS/TEMP] Internal error occurred. Refer to server log for more information.");
        }
    }

    private Output dispatch(Pop3Command c) {
        if (c instanceof Pop3Command.Unknown unknown) {
            return err("Unknown command: " + unknown.name());
        }
        if (c instanceof Pop3Command.Invalid invalid) {
            return err(invalid.reason());
        }
        if (c instanceof Pop3Command.Capa) {
            return multiline("+OK", capabilities());
        }
        if (c instanceof Pop3Command.Quit) {
            return quit();
        }
        return state == State.AUTHORIZATION ? authorization(c) : transaction(c);
    }

    /** RFC 2449 section 5: what this server implements, for the state the session is in. */
    List<String> capabilities() {
        List<String> caps = new ArrayList<>(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE"));
        if (state == State.AUTHORIZATION) {
            if (!tls && link.startTlsOffered()) {
                caps.add("STLS");
            }
            if (plaintextAllowed()) {
                caps.add("USER");
                caps.add("SASL PLAIN");
            }
        }
        caps.add("IMPLEMENTATION Kurir");
        return caps;
    }

    /** Dovecot's disable_plaintext_auth, exactly as for IMAP: under TLS, from mynetworks, or when allowed everywhere. */
    private boolean plaintextAllowed() {
        return tls || link.trustedNetwork() || link.plaintextAuthAnywhere();
    }

    // ---- AUTHORIZATION

    private Output authorization(Pop3Command c) {
        if (c instanceof Pop3Command.Stls) {
            return stls();
        }
        if (c instanceof Pop3Command.User u) {
            if (!plaintextAllowed()) {
                return plaintextDisallowed();
            }
            pendingUser = Optional.of(u.name());
            return ok("");
        }
        if (c instanceof Pop3Command.Pass p) {
            if (!plaintextAllowed()) {
                return plaintextDisallowed();
            }
            if (pendingUser.isEmpty()) {
                return err("No username given.");
            }
            String name = pendingUser.get();
            pendingUser = Optional.empty();
            return login(name, p.password());
        }
        if (c instanceof Pop3Command.Auth auth) {
            return auth(auth);
        }
        return err("Log in first.");
    }

    /** RFC 2595 section 4: only in AUTHORIZATION; what the client pipelined behind it is dropped by the connection. */
    private Output stls() {
        if (tls) {
            return err("TLS is already active.");
        }
        if (!link.startTlsOffered()) {
            return err("TLS support isn't enabled.");
        }
        return new Output(List.of(ascii("+OK Begin TLS negotiation now.\r\n")), After.STLS);
    }

    /** RFC 5034: AUTH PLAIN with an initial response or after "+ "; AUTH alone lists the mechanisms, as Dovecot does. */
    private Output auth(Pop3Command.Auth auth) {
        if (auth.mechanism().isEmpty()) {
            return multiline("+OK", plaintextAllowed() ? List.of("PLAIN") : List.of());
        }
        if (!auth.mechanism().get().equals("PLAIN")) {
            return err("Unsupported authentication mechanism.");
        }
        if (!plaintextAllowed()) {
            return plaintextDisallowed();
        }
        if (auth.initialResponse().isPresent()) {
            return plain(auth.initialResponse().get());
        }
        saslPending = true;
        return new Output(List.of(ascii("+ \r\n")), After.CONTINUE);
    }

    private Output saslResponse(String line) {
        if (line.equals("*")) {
            return err("Authentication aborted by client."); // RFC 5034 section 4
        }
        return plain(line);
    }

    /** RFC 4616: [authzid] NUL authcid NUL password, base64; "=" is an empty initial response. */
    private Output plain(String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.equals("=") ? "" : base64);
        } catch (IllegalArgumentException e) {
            return err("[AUTH] Invalid base64 data.");
        }
        String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3 || !parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return failed(parts.length == 3 ? parts[1] : "");
        }
        return login(parts[1], parts[2]);
    }

    private Output login(String login, String password) {
        Optional<String> name = accountName(login);
        if (name.isEmpty() || !accounts.authenticate(name.get(), password.toCharArray())) {
            return failed(login);
        }
        Optional<Account> account = accounts.find(name.get());
        if (account.isEmpty()) {
            return failed(login);
        }
        Optional<MaildropLocks.Lease> held = locks.tryLock(account.get().id());
        if (held.isEmpty()) {
            LOG.infof("pop3-login: Maildrop in use: user=<%s>, rip=%s", account.get().name(), link.address());
            return err("[IN-USE] Mailbox is locked by another POP3 session.");
        }
        try {
            MailboxStore.Mailbox inbox = store.find(account.get().name(), "INBOX")
                    .orElseThrow(() -> new StoreException("no INBOX for " + account.get().name()));
            drop = new Maildrop(inbox.id(), inbox.uidValidity(), store.messages(inbox.id()));
        } catch (RuntimeException e) {
            held.get().close();
            throw e;
        }
        lease = held;
        user = account.get().name();
        state = State.TRANSACTION;
        LOG.infof("pop3-login: Login: user=<%s>, rip=%s%s", user, link.address(), tls ? ", TLS" : "");
        return ok("Logged in.");
    }

    private Output failed(String login) {
        failedLogins++;
        LOG.infof("pop3-login: Disconnected (auth failed, %d attempts): user=<%s>, rip=%s", failedLogins, Printable.of(login),
                link.address());
        // three failures end the connection, as IMAP's LOGIN does
        return new Output(List.of(ascii("-ERR [AUTH] Authentication failed.\r\n")),
                failedLogins >= 3 ? After.CLOSE : After.CONTINUE, Optional.empty(), true);
    }

    private Optional<String> accountName(String login) {
        return io.kurir.store.AccountStore.accountName(login, domains);
    }

    private Output plaintextDisallowed() {
        return err("[AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
    }

    // ---- TRANSACTION

    private Output transaction(Pop3Command c) {
        if (c instanceof Pop3Command.Stat) {
            long count = 0;
            long size = 0;
            for (int i = 0; i < drop.messages().size(); i++) {
                if (!deleted.get(i)) {
                    count++;
                    size += drop.messages().get(i).size();
                }
            }
            return ok(count + " " + size);
        }
        if (c instanceof Pop3Command.ListMessages list) {
            if (list.message().isPresent()) {
                return message(list.message().getAsInt()).map(i -> ok((i + 1) + " " + drop.messages().get(i).size()))
                        .orElseGet(() -> noSuchMessage(list.message().getAsInt()));
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < drop.messages().size(); i++) {
                if (!deleted.get(i)) {
                    lines.add((i + 1) + " " + drop.messages().get(i).size());
                }
            }
            return multiline("+OK " + lines.size() + " messages:", lines);
        }
        if (c instanceof Pop3Command.Uidl uidl) {
            if (uidl.message().isPresent()) {
                return message(uidl.message().getAsInt()).map(i -> ok((i + 1) + " " + uidl(i)))
                        .orElseGet(() -> noSuchMessage(uidl.message().getAsInt()));
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < drop.messages().size(); i++) {
                if (!deleted.get(i)) {
                    lines.add((i + 1) + " " + uidl(i));
                }
            }
            return multiline("+OK", lines);
        }
        if (c instanceof Pop3Command.Retr retr) {
            return message(retr.message()).map(i -> send(i, OptionalInt.empty())).orElseGet(() -> noSuchMessage(retr.message()));
        }
        if (c instanceof Pop3Command.Top top) {
            return message(top.message()).map(i -> send(i, OptionalInt.of(top.lines()))).orElseGet(() -> noSuchMessage(top.message()));
        }
        if (c instanceof Pop3Command.Dele dele) {
            return message(dele.message()).map(i -> {
                deleted.set(i);
                return ok("Marked to be deleted.");
            }).orElseGet(() -> noSuchMessage(dele.message()));
        }
        if (c instanceof Pop3Command.Rset) {
            deleted.clear(); // RFC 1939 section 5: every message marked as deleted is unmarked
            return ok("");
        }
        if (c instanceof Pop3Command.Noop) {
            return ok("");
        }
        return err("Already logged in.");
    }

    /** Dovecot's default UIDL format {@code %08Xv%08Xu}: UIDVALIDITY and UID in hex, the same in every session. */
    private String uidl(int index) {
        return String.format("%08X%08X", drop.uidValidity(), drop.messages().get(index).uid());
    }

    /** The 0-based index of a message number that names a message not marked as deleted. */
    private Optional<Integer> message(int number) {
        if (number < 1 || number > drop.messages().size() || deleted.get(number - 1)) {
            return Optional.empty();
        }
        return Optional.of(number - 1);
    }

    private Output noSuchMessage(int number) {
        if (number >= 1 && number <= drop.messages().size() && deleted.get(number - 1)) {
            return err("Message is deleted.");
        }
        return err("There's no message " + number + ".");
    }

    /** RETR and TOP: the size line now, the message in chunks as the client reads (MessageWriter byte-stuffs it). */
    private Output send(int index, OptionalInt bodyLines) {
        MailboxStore.Message m = drop.messages().get(index);
        Optional<byte[]> content = store.content(m);
        if (content.isEmpty()) {
            return err("Message was expunged by another session.");
        }
        if (bodyLines.isEmpty()) {
            retrieved.set(index);
        }
        MessageWriter writer = new MessageWriter(content.get(), bodyLines);
        Producer producer = budget -> writer.next(budget).map(List::of).orElse(List.of());
        String first = bodyLines.isEmpty() ? "+OK " + m.size() + " octets\r\n" : "+OK\r\n";
        return new Output(List.of(ascii(first)), After.CONTINUE, Optional.of(producer), false);
    }

    // ---- UPDATE

    /** RFC 1939 section 6: QUIT in TRANSACTION commits the deletions (and \Seen of what was retrieved), then the lock goes. */
    private Output quit() {
        if (state != State.TRANSACTION) {
            return new Output(List.of(ascii("+OK Logging out.\r\n")), After.CLOSE);
        }
        state = State.UPDATE;
        List<Long> doomed = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < drop.messages().size(); i++) {
            MailboxStore.Message m = drop.messages().get(i);
            if (deleted.get(i)) {
                doomed.add(m.uid());
            } else if (retrieved.get(i) && !Flags.has(m.flags(), "\\Seen")) {
                seen.add(m.uid());
            }
        }
        try {
            store.storeFlags(drop.mailboxId(), seen, MailboxStore.FlagMode.ADD, Set.of("\\Seen"), OptionalLong.empty());
            store.expungeUids(drop.mailboxId(), doomed);
        } catch (StoreException e) {
            LOG.errorf("pop3(%s): update failed: %s", user, e.getMessage());
            close();
            return new Output(List.of(ascii("-ERR [SYS/TEMP] Some deleted messages were not removed.\r\n")), After.CLOSE);
        }
        close();
        LOG.infof("pop3(%s): Disconnected: Logged out retr=%d, del=%d", user, retrieved.cardinality(), doomed.size());
        return new Output(List.of(ascii(doomed.isEmpty() ? "+OK Logging out.\r\n" : "+OK Logging out, messages deleted.\r\n")),
                After.CLOSE);
    }

    // ---- replies

    private static Output ok(String text) {
        return new Output(List.of(ascii(text.isEmpty() ? "+OK\r\n" : "+OK " + text + "\r\n")), After.CONTINUE);
    }

    private static Output err(String text) {
        return new Output(List.of(ascii("-ERR " + text + "\r\n")), After.CONTINUE);
    }

    /** A multi-line answer (RFC 1939 section 3): the status line, the lines (byte-stuffed), a line with ".". */
    private static Output multiline(String status, List<String> lines) {
        StringBuilder sb = new StringBuilder(status).append("\r\n");
        for (String l : lines) {
            sb.append(l.startsWith(".") ? "." : "").append(l).append("\r\n");
        }
        sb.append(".\r\n");
        return new Output(List.of(ascii(sb.toString())), After.CONTINUE);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
