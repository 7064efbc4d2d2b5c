package io.kurir.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A cursor over one command's octets with the lexical rules of RFC 9051 section 9 (and RFC 3501
 * section 9 where IMAP4rev1 differs): atoms, numbers, quoted strings, literals, sequence sets,
 * flags and dates. Every method either consumes what it reads or throws
 * {@link ImapSyntaxException} with a message naming what was expected and what was found.
 */
final class ImapReader {

    /** RFC 9051 {@code number}: an unsigned 32-bit integer. */
    static final long MAX_NUMBER = 4_294_967_295L;
    /** RFC 9051 {@code number64}: a signed 63-bit integer. */
    static final long MAX_NUMBER64 = Long.MAX_VALUE;

    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    /** A literal's octets and whether it was a literal8. */
    record Literal(byte[] octets, boolean binary) {
    }

    private final byte[] b;
    private int pos;

    ImapReader(byte[] bytes) {
        this.b = bytes;
    }

    boolean atEnd() {
        return pos >= b.length;
    }

    /** The next octet, or -1 at the end. */
    int peek() {
        return pos < b.length ? b[pos] & 0xff : -1;
    }

    /** The octet {@code ahead} positions after the next one, or -1 past the end. */
    int peek(int ahead) {
        return pos + ahead < b.length ? b[pos + ahead] & 0xff : -1;
    }

    /** Moves past {@code count} octets already checked by the caller. */
    void skip(int count) {
        pos = Math.min(b.length, pos + count);
    }

    /** A syntax error at the current position. */
    ImapSyntaxException error(String detail) {
        return new ImapSyntaxException(detail);
    }

    /** {@code unknown what "word"}, the word cut short. */
    ImapSyntaxException unknown(String what, String word) {
        byte[] octets = word.getBytes(StandardCharsets.ISO_8859_1);
        return error("unknown " + what + " \"" + Ascii.printable(octets, 0, octets.length, 30) + "\"");
    }

    /** {@code "expected X, found Y"}. */
    ImapSyntaxException expected(String what) {
        return error("expected " + what + ", found " + found());
    }

    /** What is at the current position, for error messages. */
    String found() {
        if (atEnd()) {
            return "end of line";
        }
        if (b[pos] == '(' || b[pos] == ')') {
            return "\"" + (char) b[pos] + "\"";
        }
        int end = pos;
        while (end < b.length && b[end] != ' ' && b[end] != '\r' && b[end] != '\n' && b[end] != '(' && b[end] != ')') {
            end++;
        }
        if (end == pos) {
            return b[pos] == ' ' ? "an extra space" : "a line break";
        }
        return "\"" + Ascii.printable(b, pos, end, 30) + "\"";
    }

    /** Exactly one SP, before {@code next}; "missing next" at the end of the line. */
    void sp(String next) {
        if (peek() == ' ') {
            pos++;
            if (peek() == ' ') {
                throw error("two spaces before " + next);
            }
            return;
        }
        if (atEnd()) {
            throw error("missing " + next);
        }
        throw error("expected a space before " + next + ", found " + found());
    }

    /** Consumes one SP if there is one. */
    boolean trySp() {
        if (peek() == ' ') {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c, String what) {
        if (peek() != c) {
            throw expected(what);
        }
        pos++;
    }

    boolean tryChar(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Nothing may follow. */
    void end() {
        if (atEnd()) {
            return;
        }
        if (peek() == ' ') {
            int after = pos;
            while (after < b.length && b[after] == ' ') {
                after++;
            }
            if (after == b.length) {
                throw error("space at the end of the command");
            }
            pos = after;
        }
        throw error("unexpected " + found() + " after the arguments");
    }

    /** {@code atom = 1*ATOM-CHAR}. */
    String atom(String what) {
        int start = pos;
        while (pos < b.length && Ascii.isAtomChar(b[pos] & 0xff)) {
            pos++;
        }
        if (pos == start) {
            throw atEnd() ? error("missing " + what) : expected(what);
        }
        return new String(b, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** The next atom, upper case, without consuming it; empty when none. */
    String peekAtom() {
        int end = pos;
        while (end < b.length && Ascii.isAtomChar(b[end] & 0xff)) {
            end++;
        }
        return new String(b, pos, end - pos, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    /** Consumes the atom {@code word} (any case) if it is next, whole. */
    boolean tryWord(String word) {
        if (peekAtom().equals(word)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    /** A name made of letters, digits and dots, as in FETCH attributes and section texts; upper case. */
    String dottedName(String what) {
        int start = pos;
        while (pos < b.length && isNameChar(b[pos])) {
            pos++;
        }
        if (pos == start) {
            throw atEnd() ? error("missing " + what) : expected(what);
        }
        return new String(b, start, pos - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    private static boolean isNameChar(byte c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-';
    }

    /** {@code number} up to {@code max}; leading zeros allowed, as the ABNF does. */
    long number(String what, long max) {
        int start = pos;
        long value = 0;
        while (pos < b.length && Ascii.isDigit(b[pos])) {
            int digit = b[pos] - '0';
            if (value > (max - digit) / 10) {
                throw error(what + " is too large");
            }
            value = value * 10 + digit;
            pos++;
        }
        if (pos == start) {
            throw expected(what);
        }
        return value;
    }

    /** {@code nz-number}: no leading zero, not zero. */
    long nzNumber(String what, long max) {
        if (peek() == '0') {
            throw error(what + " must not be 0 or start with 0");
        }
        return number(what, max);
    }

    /** {@code astring = 1*ASTRING-CHAR / string}. */
    byte[] astring(String what) {
        int c = peek();
        if (c == '"' || c == '{' || (c == '~' && peek(1) == '{')) {
            return string(what);
        }
        int start = pos;
        while (pos < b.length && Ascii.isAstringChar(b[pos] & 0xff)) {
            pos++;
        }
        if (pos == start) {
            throw atEnd() ? error("missing " + what) : expected(what);
        }
        return slice(start, pos);
    }

    /** {@code string = quoted / literal}. */
    byte[] string(String what) {
        int c = peek();
        if (c == '"') {
            return quoted(what);
        }
        if (c == '{') {
            return literal(what, false).octets();
        }
        if (c == '~' && peek(1) == '{') {
            throw error(what + " cannot be a literal8");
        }
        throw atEnd() ? error("missing " + what) : expected(what);
    }

    /** {@code nstring = string / nil}; empty for NIL. */
    Optional<byte[]> nstring(String what) {
        if (tryWord("NIL")) {
            return Optional.empty();
        }
        return Optional.of(string(what));
    }

    /** {@code list-mailbox = 1*list-char / string}. */
    byte[] listMailbox(String what) {
        int c = peek();
        if (c == '"' || c == '{' || (c == '~' && peek(1) == '{')) {
            return string(what);
        }
        int start = pos;
        while (pos < b.length && Ascii.isListChar(b[pos] & 0xff)) {
            pos++;
        }
        if (pos == start) {
            throw atEnd() ? error("missing " + what) : expected(what);
        }
        return slice(start, pos);
    }

    /**
     * {@code quoted = DQUOTE *QUOTED-CHAR DQUOTE}: any TEXT-CHAR but {@code "} and {@code \}, which
     * are escaped with {@code \}. 8-bit octets are let through (RFC 9051 allows UTF-8 there, and
     * IMAP4rev1 clients send it anyway); whoever decodes the string checks them.
     */
    private byte[] quoted(String what) {
        pos++;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            if (atEnd()) {
                throw error(what + ": quoted string is not closed");
            }
            int c = b[pos++] & 0xff;
            switch (c) {
                case '"' -> {
                    return out.toByteArray();
                }
                case '\\' -> {
                    int next = peek();
                    if (next != '"' && next != '\\') {
                        throw error(what + ": only \\\" and \\\\ may be escaped in a quoted string");
                    }
                    out.write(next);
                    pos++;
                }
                case 0, '\r', '\n' -> throw error(what + ": quoted string contains "
                        + (c == 0 ? "NUL" : c == '\r' ? "CR" : "LF"));
                default -> out.write(c);
            }
        }
    }

    /**
     * {@code literal = "{" number64 ["+"] "}" CRLF *CHAR8}, or with {@code binary},
     * {@code literal8 = "~{" number64 ["+"] "}" CRLF *OCTET} too. A bare LF after the marker is
     * accepted, as the decoder accepts it. Only a literal8 may contain NUL (RFC 9051 section 4.3).
     */
    Literal literal(String what, boolean allowBinary) {
        boolean binary = tryChar('~');
        if (binary && !allowBinary) {
            throw error(what + " cannot be a literal8");
        }
        expect('{', "\"{\"");
        long size = number("literal size", MAX_NUMBER64);
        tryChar('+');
        expect('}', "\"}\" closing the literal size");
        tryChar('\r');
        expect('\n', "a line break after the literal size");
        if (size > b.length - pos) {
            throw error(what + ": literal is shorter than its announced " + size + " octets");
        }
        int start = pos;
        pos += (int) size;
        byte[] octets = slice(start, pos);
        if (!binary) {
            for (byte octet : octets) {
                if (octet == 0) {
                    throw error(what + ": NUL octet in a literal (only literal8 may contain NUL)");
                }
            }
        }
        return new Literal(octets, binary);
    }

    /** Whether a literal or literal8 starts here. */
    boolean atLiteral() {
        return peek() == '{' || (peek() == '~' && peek(1) == '{');
    }

    /**
     * {@code sequence-set} (RFC 9051 section 9), or {@code $} alone (RFC 5182). Message numbers
     * and UIDs are {@code nz-number}, at most 4294967295.
     */
    SequenceSet sequenceSet(String what) {
        if (tryChar('$')) {
            return new SequenceSet.Saved();
        }
        if (peek() != '*' && !Ascii.isDigit(peek())) {
            throw atEnd() ? error("missing " + what) : expected(what);
        }
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            long first = seqNumber(what);
            long last = tryChar(':') ? seqNumber(what) : first;
            ranges.add(new SequenceSet.Range(first, last));
        } while (tryChar(','));
        return new SequenceSet.Ranges(ranges);
    }

    private long seqNumber(String what) {
        if (tryChar('*')) {
            return SequenceSet.LARGEST;
        }
        if (!Ascii.isDigit(peek())) {
            throw expected("a number or \"*\" in the " + what);
        }
        return nzNumber("number in the " + what, MAX_NUMBER);
    }

    /**
     * {@code flag}: a backslash flag or a keyword; {@code \*} is refused, it only appears in
     * PERMANENTFLAGS.
     */
    Flag flag(String what) {
        boolean system = tryChar('\\');
        int start = pos;
        while (pos < b.length && Ascii.isAtomChar(b[pos] & 0xff)) {
            pos++;
        }
        if (pos == start) {
            String expectedFlag = system ? "a flag name after \"\\\"" : what;
            throw atEnd() ? error("missing " + expectedFlag) : expected(expectedFlag);
        }
        String atom = new String(b, start, pos - start, StandardCharsets.US_ASCII);
        return Flag.of(system ? "\\" + atom : atom);
    }

    /** {@code flag-list = "(" [flag *(SP flag)] ")"}. */
    List<Flag> flagList(String what) {
        expect('(', "\"(\" starting the " + what);
        List<Flag> flags = new ArrayList<>();
        if (tryChar(')')) {
            return flags;
        }
        do {
            flags.add(flag("a flag"));
        } while (trySpBefore(')'));
        expect(')', "\")\" closing the " + what);
        return flags;
    }

    /** Consumes SP unless it is followed by {@code close} or the end; used inside lists. */
    private boolean trySpBefore(char close) {
        if (peek() == ' ' && peek(1) != close && peek(1) != -1) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * {@code date = date-text / DQUOTE date-text DQUOTE}, {@code date-text = date-day "-"
     * date-month "-" date-year} (RFC 9051 section 9), e.g. {@code 1-Feb-1994}.
     */
    LocalDate date(String what) {
        boolean quoted = tryChar('"');
        int day = day(what);
        expect('-', "\"-\" in " + what);
        int month = month(what);
        expect('-', "\"-\" in " + what);
        int year = fourDigits("year of " + what);
        if (quoted) {
            expect('"', "\"\"\" closing " + what);
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw error(what + " is not a valid date");
        }
    }

    /**
     * {@code date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE}
     * (RFC 9051 section 9), e.g. {@code "17-Jul-1996 02:44:25 -0700"}. A one-digit day without
     * the leading space is accepted too.
     */
    OffsetDateTime dateTime(String what) {
        expect('"', "\"\"\" starting " + what);
        tryChar(' ');
        int day = day(what);
        expect('-', "\"-\" in " + what);
        int month = month(what);
        expect('-', "\"-\" in " + what);
        int year = fourDigits("year of " + what);
        expect(' ', "a space before the time in " + what);
        int hour = twoDigits("hour of " + what);
        expect(':', "\":\" in " + what);
        int minute = twoDigits("minute of " + what);
        expect(':', "\":\" in " + what);
        int second = twoDigits("second of " + what);
        expect(' ', "a space before the zone in " + what);
        int sign = peek() == '+' ? 1 : peek() == '-' ? -1 : 0;
        if (sign == 0) {
            throw expected("\"+\" or \"-\" starting the zone of " + what);
        }
        pos++;
        int zoneHours = twoDigits("zone of " + what);
        int zoneMinutes = twoDigits("zone of " + what);
        expect('"', "\"\"\" closing " + what);
        try {
            ZoneOffset zone = ZoneOffset.ofHoursMinutes(sign * zoneHours, sign * zoneMinutes);
            return OffsetDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second), zone);
        } catch (DateTimeException e) {
            throw error(what + " is not a valid date and time");
        }
    }

    /** {@code date-day = 1*2DIGIT}. */
    private int day(String what) {
        if (!Ascii.isDigit(peek())) {
            throw expected("day of " + what);
        }
        int day = b[pos++] - '0';
        if (Ascii.isDigit(peek())) {
            day = day * 10 + (b[pos++] - '0');
        }
        return day;
    }

    private int month(String what) {
        if (pos + 3 <= b.length) {
            String name = new String(b, pos, 3, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
            for (int m = 0; m < MONTHS.length; m++) {
                if (MONTHS[m].equals(name)) {
                    pos += 3;
                    return m + 1;
                }
            }
        }
        throw expected("a month name (Jan to Dec) in " + what);
    }

    private int twoDigits(String what) {
        return digits(2, what);
    }

    private int fourDigits(String what) {
        return digits(4, what);
    }

    private int digits(int count, String what) {
        int value = 0;
        for (int k = 0; k < count; k++) {
            if (!Ascii.isDigit(peek())) {
                throw expected(count + " digits for the " + what);
            }
            value = value * 10 + (b[pos++] - '0');
        }
        return value;
    }

    /** Decodes octets as UTF-8, refusing malformed input. */
    String utf8(byte[] octets, String what) {
        return decode(octets, StandardCharsets.UTF_8, what);
    }

    /** Decodes octets with {@code charset}, refusing malformed input. */
    String decode(byte[] octets, Charset charset, String what) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets)).toString();
        } catch (CharacterCodingException e) {
            throw error(what + " is not valid " + charset.name());
        }
    }

    /** A mailbox name ({@code mailbox = "INBOX" / astring}) decoded for {@code encoding}; refusals are NO. */
    MailboxName mailbox(String what, MailboxEncoding encoding) {
        return new MailboxName(decodeName(astring(what), what, encoding));
    }

    /** A LIST pattern or reference, decoded like a mailbox name but not INBOX-normalised. */
    String pattern(byte[] octets, String what, MailboxEncoding encoding) {
        return decodeName(octets, what, encoding);
    }

    private String decodeName(byte[] octets, String what, MailboxEncoding encoding) {
        MailboxName.Decoding decoding = MailboxName.fromWire(octets, encoding);
        if (decoding instanceof MailboxName.Decoding.Malformed malformed) {
            String expectedForm = encoding == MailboxEncoding.UTF8 ? "UTF-8" : "modified UTF-7";
            throw new ImapSyntaxException(ImapResponse.Status.NO, Optional.empty(),
                    what + " is not valid " + expectedForm + ": " + malformed.reason());
        }
        return ((MailboxName.Decoding.Decoded) decoding).text();
    }

    private byte[] slice(int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }
}
