package io.kurir.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one complete command from {@link ImapInputDecoder} into an {@link ImapCommand}: the tag,
 * then the command and its arguments per the ABNF of RFC 9051 section 9 (and RFC 3501 section 9
 * for the IMAP4rev1 forms), command names and keywords in any case.
 *
 * <p>The parser never throws on client input. A syntax error gives {@link ImapCommand.Invalid}
 * with the tag (when it could be read) and a text such as {@code FETCH: unknown attribute "BODYX"};
 * a command name it does not know gives {@link ImapCommand.Unknown}. It is strict where the
 * grammar is (one SP between arguments, nothing after the last), because a lenient parser and a
 * strict client disagree about where a literal ends.
 *
 * <p>Mailbox names are decoded for the session's {@link MailboxEncoding}; a name that is not
 * valid modified UTF-7 (or UTF-8) gives an Invalid with status NO.
 */
public final class ImapCommandParser {

    private final ImapReader r;
    private final MailboxEncoding encoding;
    private final String tag;

    private ImapCommandParser(ImapReader reader, MailboxEncoding encoding, String tag) {
        this.r = reader;
        this.encoding = encoding;
        this.tag = tag;
    }

    /** Parses a command of an IMAP4rev1 session (mailbox names in modified UTF-7). */
    public static ImapCommand parse(ImapInput.Command command) {
        return parse(command.bytes(), MailboxEncoding.MODIFIED_UTF7);
    }

    /** Parses a command of a session whose mailbox names use {@code encoding}. */
    public static ImapCommand parse(ImapInput.Command command, MailboxEncoding encoding) {
        return parse(command.bytes(), encoding);
    }

    /**
     * Parses the octets of one command, literals included, without the final CRLF (the form
     * {@link ImapInput.Command} has).
     */
    public static ImapCommand parse(byte[] command, MailboxEncoding encoding) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(encoding, "encoding");
        ImapReader reader = new ImapReader(command);
        if (reader.atEnd()) {
            return ImapCommand.Invalid.bad(Optional.empty(), "Empty command line");
        }
        int tagEnd = 0;
        while (tagEnd < command.length && Ascii.isTagChar(command[tagEnd] & 0xff)) {
            tagEnd++;
        }
        if (tagEnd == 0 || (tagEnd < command.length && command[tagEnd] != ' ')) {
            return ImapCommand.Invalid.bad(Optional.empty(), "Invalid tag");
        }
        String tag = new String(command, 0, tagEnd, StandardCharsets.US_ASCII);
        reader.skip(tagEnd);
        if (reader.atEnd() || !reader.trySp() || reader.atEnd()) {
            return ImapCommand.Invalid.bad(Optional.of(tag), "Missing command");
        }
        int nameStart = tagEnd + 1;
        int nameEnd = nameStart;
        while (nameEnd < command.length && Ascii.isAtomChar(command[nameEnd] & 0xff)) {
            nameEnd++;
        }
        if (nameEnd == nameStart || (nameEnd < command.length && command[nameEnd] != ' ')) {
            return ImapCommand.Invalid.bad(Optional.of(tag), "Invalid command name");
        }
        String name = reader.atom("command name").toUpperCase(Locale.ROOT);
        ImapCommandParser parser = new ImapCommandParser(reader, encoding, tag);
        try {
            return parser.command(name);
        } catch (ImapSyntaxException e) {
            String subject = name.equals("UID") ? ("UID " + parser.peekUidCommand(command, nameEnd)).strip() : name;
            return new ImapCommand.Invalid(Optional.of(tag), e.status(), e.code(), subject + ": " + e.getMessage());
        }
    }

    private ImapCommand command(String name) {
        MailboxCommands mailboxes = new MailboxCommands(r, tag, encoding);
        MessageCommands messages = new MessageCommands(r, tag, encoding);
        return switch (name) {
            case "CAPABILITY" -> noArguments(new ImapCommand.Capability(tag));
            case "NOOP" -> noArguments(new ImapCommand.Noop(tag));
            case "LOGOUT" -> noArguments(new ImapCommand.Logout(tag));
            case "STARTTLS" -> noArguments(new ImapCommand.StartTls(tag));
            case "AUTHENTICATE" -> authenticate();
            case "LOGIN" -> login();
            case "ENABLE" -> enable();
            case "ID" -> id();
            case "NAMESPACE" -> noArguments(new ImapCommand.Namespace(tag));
            case "IDLE" -> noArguments(new ImapCommand.Idle(tag));
            case "CHECK" -> noArguments(new ImapCommand.Check(tag));
            case "CLOSE" -> noArguments(new ImapCommand.Close(tag));
            case "UNSELECT" -> noArguments(new ImapCommand.Unselect(tag));
            case "EXPUNGE" -> noArguments(new ImapCommand.Expunge(tag));
            case "SELECT" -> mailboxes.select(false);
            case "EXAMINE" -> mailboxes.select(true);
            case "CREATE" -> mailboxes.create();
            case "DELETE" -> new ImapCommand.Delete(tag, mailboxes.onlyMailbox());
            case "RENAME" -> mailboxes.rename();
            case "SUBSCRIBE" -> new ImapCommand.Subscribe(tag, mailboxes.onlyMailbox());
            case "UNSUBSCRIBE" -> new ImapCommand.Unsubscribe(tag, mailboxes.onlyMailbox());
            case "LIST" -> mailboxes.list();
            case "LSUB" -> mailboxes.lsub();
            case "STATUS" -> mailboxes.status();
            case "APPEND" -> mailboxes.append();
            case "GETQUOTA" -> getQuota();
            case "GETQUOTAROOT" -> new ImapCommand.GetQuotaRoot(tag, mailboxes.onlyMailbox());
            case "SEARCH" -> messages.search(ImapCommand.Numbering.SEQUENCE);
            case "FETCH" -> messages.fetch(ImapCommand.Numbering.SEQUENCE);
            case "STORE" -> messages.store(ImapCommand.Numbering.SEQUENCE);
            case "COPY" -> messages.copy(ImapCommand.Numbering.SEQUENCE);
            case "MOVE" -> messages.move(ImapCommand.Numbering.SEQUENCE);
            case "SORT" -> messages.sort(ImapCommand.Numbering.SEQUENCE);
            case "THREAD" -> messages.thread(ImapCommand.Numbering.SEQUENCE);
            case "UID" -> uid(messages);
            default -> new ImapCommand.Unknown(tag, name);
        };
    }

    /** RFC 9051 section 6.4.9: {@code "UID" SP (copy / move / fetch / search / store / uid-expunge)}, plus SORT and THREAD (RFC 5256). */
    private ImapCommand uid(MessageCommands messages) {
        r.sp("command after UID");
        String sub = r.atom("command after UID").toUpperCase(Locale.ROOT);
        ImapCommand.Numbering uid = ImapCommand.Numbering.UID;
        return switch (sub) {
            case "FETCH" -> messages.fetch(uid);
            case "SEARCH" -> messages.search(uid);
            case "STORE" -> messages.store(uid);
            case "COPY" -> messages.copy(uid);
            case "MOVE" -> messages.move(uid);
            case "SORT" -> messages.sort(uid);
            case "THREAD" -> messages.thread(uid);
            case "EXPUNGE" -> messages.uidExpunge();
            default -> throw r.error("\"" + Ascii.printable(sub.getBytes(StandardCharsets.US_ASCII), 0, sub.length(), 30)
                    + "\" cannot follow UID");
        };
    }

    /** The word after UID, for the error text; empty when there is none. */
    private String peekUidCommand(byte[] command, int uidEnd) {
        int start = uidEnd + 1;
        int end = start;
        while (end < command.length && Ascii.isAtomChar(command[end] & 0xff)) {
            end++;
        }
        String sub = start >= command.length ? "" : new String(command, start, end - start, StandardCharsets.US_ASCII)
                .toUpperCase(Locale.ROOT);
        return switch (sub) {
            case "FETCH", "SEARCH", "STORE", "COPY", "MOVE", "SORT", "THREAD", "EXPUNGE" -> sub;
            default -> "";
        };
    }

    private ImapCommand noArguments(ImapCommand command) {
        if (!r.atEnd()) {
            throw r.error("takes no arguments");
        }
        return command;
    }

    /**
     * RFC 9051 section 6.2.2: {@code "AUTHENTICATE" SP auth-type [SP (base64 / "=")]}, the initial
     * response from SASL-IR (RFC 4959).
     */
    private ImapCommand authenticate() {
        r.sp("SASL mechanism");
        String mechanism = r.atom("SASL mechanism").toUpperCase(Locale.ROOT);
        Optional<String> initial = Optional.empty();
        if (r.trySp()) {
            String response = new String(r.astring("initial response"), StandardCharsets.US_ASCII);
            if (!response.equals("=") && !isBase64(response)) {
                throw r.error("initial response is not base64");
            }
            initial = Optional.of(response);
        }
        r.end();
        return new ImapCommand.Authenticate(tag, mechanism, initial);
    }

    /** RFC 9051 section 9: {@code base64 = *(4base64-char) [base64-terminal]}, not empty. */
    private static boolean isBase64(String s) {
        if (s.isEmpty() || s.length() % 4 != 0) {
            return false;
        }
        int padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
        for (int i = 0; i < s.length() - padding; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9051 section 6.2.3: {@code "LOGIN" SP userid SP password}, both astrings. */
    private ImapCommand login() {
        r.sp("user name");
        String user = r.utf8(r.astring("user name"), "user name");
        r.sp("password");
        String password = r.utf8(r.astring("password"), "password");
        r.end();
        return new ImapCommand.Login(tag, user, password);
    }

    /** RFC 5161 section 4: {@code "ENABLE" 1*(SP capability)}. */
    private ImapCommand enable() {
        List<String> capabilities = new ArrayList<>();
        do {
            r.sp("capability");
            capabilities.add(r.atom("capability").toUpperCase(Locale.ROOT));
        } while (!r.atEnd());
        return new ImapCommand.Enable(tag, capabilities);
    }

    /**
     * RFC 2971 section 4: {@code "ID" SP id-params-list}, {@code id-params-list = "(" *(string SP
     * nstring) ")" / nil}. Field names are strings: quoted or literal, not atoms.
     */
    private ImapCommand id() {
        r.sp("parameter list or NIL");
        Map<String, Optional<String>> params = new LinkedHashMap<>();
        if (!r.tryWord("NIL")) {
            r.expect('(', "\"(\" or NIL");
            if (!r.tryChar(')')) {
                do {
                    String field = r.utf8(r.string("ID field name"), "ID field name");
                    r.sp("ID field value");
                    Optional<byte[]> value = r.nstring("ID field value");
                    params.put(field, value.map(v -> r.utf8(v, "ID field value")));
                } while (r.peek() == ' ' && r.trySp());
                r.expect(')', "\")\" closing the ID parameters");
            }
        }
        r.end();
        return new ImapCommand.Id(tag, params);
    }

    /** RFC 9208 section 4.2: {@code "GETQUOTA" SP quota-root-name}, an astring. */
    private ImapCommand getQuota() {
        r.sp("quota root");
        String root = r.utf8(r.astring("quota root"), "quota root");
        r.end();
        return new ImapCommand.GetQuota(tag, root);
    }
}
