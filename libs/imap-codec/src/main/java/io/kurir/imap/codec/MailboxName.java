package io.kurir.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox name as Unicode text, and its wire encodings: modified UTF-7 (RFC 3501 section 5.1.3)
 * for IMAP4rev1 sessions, UTF-8 after {@code ENABLE UTF8=ACCEPT} or {@code IMAP4rev2}.
 *
 * <p>{@code INBOX} is case-insensitive (RFC 9051 section 5.1), so any spelling of it becomes
 * {@code INBOX}; other names are kept as they are. Control characters (C0, DEL, C1) are not
 * allowed in a name, in either encoding (RFC 6855 section 3 asks for Net-Unicode names).
 *
 * <p>Decoding modified UTF-7 is strict, so every name has exactly one wire form and two spellings
 * can never reach the same mailbox: printable US-ASCII must stand for itself, {@code &} is
 * {@code &-}, a shift sequence must end with {@code -}, its base64 must be a whole number of
 * UTF-16 units with zero padding bits and valid surrogate pairs, and two shift sequences may not
 * follow each other directly (RFC 3501 section 5.1.3, point 5: no alternate forms).
 *
 * @param name the name as Unicode text
 */
public record MailboxName(String name) {

    public static final MailboxName INBOX = new MailboxName("INBOX");

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /**
     * @throws IllegalArgumentException when the name contains a control character
     */
    public MailboxName {
        Objects.requireNonNull(name, "name");
        if (name.equalsIgnoreCase("INBOX")) {
            name = "INBOX";
        }
        controlCharacter(name).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /** Whether this is the INBOX. */
    public boolean isInbox() {
        return name.equals("INBOX");
    }

    /** The name as written on the wire in a session using {@code encoding}. */
    public String wire(MailboxEncoding encoding) {
        return encoding == MailboxEncoding.UTF8 ? name : encodeModifiedUtf7(name);
    }

    @Override
    public String toString() {
        return name;
    }

    /** The outcome of decoding a mailbox name (or a LIST pattern) from the wire. */
    public sealed interface Decoding {
        /** The wire text was valid; {@code text} is the Unicode name. */
        record Decoded(String text) implements Decoding {
            public Decoded {
                Objects.requireNonNull(text, "text");
            }
        }

        /** The wire text was not valid; {@code reason} says why, for the NO reply. */
        record Malformed(String reason) implements Decoding {
            public Malformed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * Decodes a mailbox name or pattern as the client sent it (the octets of the astring) in a
     * session using {@code encoding}; control characters are refused.
     */
    public static Decoding fromWire(byte[] octets, MailboxEncoding encoding) {
        Decoding decoding;
        if (encoding == MailboxEncoding.UTF8) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(octets)).toString();
                decoding = new Decoding.Decoded(text);
            } catch (CharacterCodingException e) {
                return new Decoding.Malformed("not valid UTF-8");
            }
        } else {
            for (byte octet : octets) {
                if (octet < 0) {
                    return new Decoding.Malformed("8-bit octets are only allowed after ENABLE UTF8=ACCEPT;"
                            + " other names are written in modified UTF-7");
                }
            }
            decoding = decodeModifiedUtf7(new String(octets, StandardCharsets.US_ASCII));
        }
        if (decoding instanceof Decoding.Decoded decoded) {
            Optional<String> control = controlCharacter(decoded.text());
            if (control.isPresent()) {
                return new Decoding.Malformed(control.get());
            }
        }
        return decoding;
    }

    /**
     * Decodes modified UTF-7 strictly (see the class comment). Controls are not refused here, only
     * the encoding is checked.
     */
    public static Decoding decodeModifiedUtf7(String wire) {
        Objects.requireNonNull(wire, "wire");
        StringBuilder out = new StringBuilder(wire.length());
        int previousShiftEnd = -1;
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return new Decoding.Malformed(String.format(
                        "character U+%04X must be written in modified BASE64", (int) c));
            }
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int dash = wire.indexOf('-', i + 1);
            if (dash < 0) {
                return new Decoding.Malformed("\"&\" starts a shift sequence that does not end with \"-\"");
            }
            if (dash == i + 1) {
                out.append('&');
                i = dash + 1;
                continue;
            }
            if (i == previousShiftEnd) {
                return new Decoding.Malformed("two adjacent shift sequences must be written as one");
            }
            String problem = decodeShift(wire, i + 1, dash, out);
            if (!problem.isEmpty()) {
                return new Decoding.Malformed(problem);
            }
            i = dash + 1;
            previousShiftEnd = i;
        }
        return new Decoding.Decoded(out.toString());
    }

    /** Decodes {@code wire[from, to)} as modified BASE64 into {@code out}; returns a problem or "". */
    private static String decodeShift(String wire, int from, int to, StringBuilder out) {
        int bits = 0;
        int buffer = 0;
        StringBuilder units = new StringBuilder();
        for (int k = from; k < to; k++) {
            int v = BASE64.indexOf(wire.charAt(k));
            if (v < 0) {
                return "\"" + wire.charAt(k) + "\" is not a modified BASE64 character";
            }
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 16) {
                bits -= 16;
                units.append((char) ((buffer >>> bits) & 0xffff));
                buffer &= (1 << bits) - 1;
            }
        }
        if (bits >= 6) {
            return "modified BASE64 does not end on a whole UTF-16 character";
        }
        if (buffer != 0) {
            return "modified BASE64 has non-zero padding bits";
        }
        for (int k = 0; k < units.length(); k++) {
            char u = units.charAt(k);
            if (u >= 0x20 && u <= 0x7e) {
                return "printable US-ASCII \"" + u + "\" must not be written in modified BASE64";
            }
            if (Character.isHighSurrogate(u)) {
                if (k + 1 == units.length() || !Character.isLowSurrogate(units.charAt(k + 1))) {
                    return "unpaired UTF-16 surrogate";
                }
                k++;
            } else if (Character.isLowSurrogate(u)) {
                return "unpaired UTF-16 surrogate";
            }
        }
        out.append(units);
        return "";
    }

    /**
     * Encodes a name in modified UTF-7.
     *
     * @throws IllegalArgumentException when {@code text} has an unpaired surrogate
     */
    public static String encodeModifiedUtf7(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length() + 8);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && (text.charAt(end) < 0x20 || text.charAt(end) > 0x7e)) {
                end++;
            }
            encodeShift(text, i, end, out);
            i = end;
        }
        return out.toString();
    }

    private static void encodeShift(String text, int from, int to, StringBuilder out) {
        out.append('&');
        int bits = 0;
        int buffer = 0;
        for (int k = from; k < to; k++) {
            char u = text.charAt(k);
            boolean paired = Character.isHighSurrogate(u)
                    ? k + 1 < to && Character.isLowSurrogate(text.charAt(k + 1))
                    : !Character.isLowSurrogate(u) || k > from && Character.isHighSurrogate(text.charAt(k - 1));
            if (!paired) {
                throw new IllegalArgumentException("unpaired surrogate in mailbox name");
            }
            buffer = (buffer << 16) | u;
            bits += 16;
            while (bits >= 6) {
                bits -= 6;
                out.append(BASE64.charAt((buffer >>> bits) & 0x3f));
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out.append(BASE64.charAt((buffer << (6 - bits)) & 0x3f));
        }
        out.append('-');
    }

    /** A description of the first control character in {@code text}, if any. */
    private static Optional<String> controlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return Optional.of(String.format("control character U+%04X in mailbox name", (int) c));
            }
        }
        return Optional.empty();
    }
}
