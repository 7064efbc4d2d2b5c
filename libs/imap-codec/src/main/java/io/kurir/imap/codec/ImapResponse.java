package io.kurir.imap.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * One server response, as the octets to write, CRLF included (RFC 9051 section 7). Status lines
 * come from the static factories, data responses from a {@link Builder}, which applies the
 * quoting rules so that no client text can break a line.
 *
 * <pre>
 * ImapResponse.tagged("a1", Status.OK, ResponseCode.of(Kind.READ_WRITE), "SELECT completed");
 * ImapResponse.untagged().raw("LIST").sp().list(...)...build();
 * </pre>
 */
public final class ImapResponse {

    /** Status responses (RFC 9051 section 7.1). */
    public enum Status { OK, NO, BAD, PREAUTH, BYE }

    /** Whether 8-bit text may be sent as UTF-8 inside quoted strings and human text. */
    public enum TextMode {
        /** IMAP4rev1: quoted strings and text are 7-bit; a string with 8-bit octets becomes a literal. */
        SEVEN_BIT,
        /** After {@code ENABLE UTF8=ACCEPT} or {@code IMAP4rev2}: UTF-8 may be quoted (RFC 9051 section 9, QUOTED-CHAR). */
        UTF8
    }

    /** {@code + Ready for literal data}, the continuation request for a synchronizing literal. */
    public static final ImapResponse READY_FOR_LITERAL = continuation("Ready for literal data");

    private final byte[] octets;

    private ImapResponse(byte[] octets) {
        this.octets = octets;
    }

    /** The octets to write, CRLF included. */
    public byte[] bytes() {
        return octets.clone();
    }

    /** {@code tag SP status SP text}. */
    public static ImapResponse tagged(String tag, Status status, String text) {
        return tagged(tag, status, Optional.empty(), text);
    }

    /** {@code tag SP status SP "[" code "]" SP text}. */
    public static ImapResponse tagged(String tag, Status status, ResponseCode code, String text) {
        return tagged(tag, status, Optional.of(code), text);
    }

    /**
     * A tagged status response.
     *
     * @throws IllegalArgumentException when {@code tag} is not a valid tag, or the status is
     *     PREAUTH or BYE, which are never tagged
     */
    public static ImapResponse tagged(String tag, Status status, Optional<ResponseCode> code, String text) {
        if (!Ascii.isTag(tag)) {
            throw new IllegalArgumentException("not a tag: " + tag);
        }
        if (status == Status.PREAUTH || status == Status.BYE) {
            throw new IllegalArgumentException(status + " is always untagged");
        }
        return new Builder(tag).sp().raw(status.name()).statusText(code, text).build();
    }

    /** {@code * status SP text}. */
    public static ImapResponse untagged(Status status, String text) {
        return untagged(status, Optional.empty(), text);
    }

    /** {@code * status SP "[" code "]" SP text}. */
    public static ImapResponse untagged(Status status, ResponseCode code, String text) {
        return untagged(status, Optional.of(code), text);
    }

    /** An untagged status response. */
    public static ImapResponse untagged(Status status, Optional<ResponseCode> code, String text) {
        return new Builder("*").sp().raw(status.name()).statusText(code, text).build();
    }

    /** {@code + text}: a command continuation request with human text. */
    public static ImapResponse continuation(String text) {
        Builder b = new Builder("+");
        b.sp().text(text);
        return b.build();
    }

    /**
     * {@code + base64}: a continuation request carrying a SASL challenge (RFC 9051 section 6.2.2);
     * an empty challenge is {@code "+ "}.
     */
    public static ImapResponse challenge(byte[] challenge) {
        Builder b = new Builder("+");
        b.sp().raw(Base64.getEncoder().encodeToString(challenge));
        return b.build();
    }

    /** A builder for an untagged data response; it starts with {@code "* "}. */
    public static Builder untagged() {
        return new Builder("*").sp();
    }

    /** A builder starting with nothing, for the rare response the others do not cover. */
    public static Builder builder() {
        return new Builder("");
    }

    /** Equal when the octets are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImapResponse r && Arrays.equals(octets, r.octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    /** The octets as ISO-8859-1 text with CR and LF escaped. */
    @Override
    public String toString() {
        return Ascii.escape(octets, 0, octets.length);
    }

    /**
     * Writes the parts of one response. Strings are quoted when they can be and sent as literals
     * when they must: CR, LF or NUL, or 8-bit octets in {@link TextMode#SEVEN_BIT}, force a
     * literal. Not thread-safe.
     */
    public static final class Builder {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        private TextMode mode = TextMode.SEVEN_BIT;

        private Builder(String start) {
            ascii(start);
        }

        /** Sets how 8-bit strings are written from here on; {@link TextMode#SEVEN_BIT} by default. */
        public Builder textMode(TextMode textMode) {
            this.mode = Objects.requireNonNull(textMode, "textMode");
            return this;
        }

        /**
         * Protocol text written as it is, such as {@code FETCH}, {@code BODY[HEADER]} or
         * {@code UIDNEXT 4392}.
         *
         * @throws IllegalArgumentException unless printable US-ASCII and SP
         */
        public Builder raw(String token) {
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("not protocol text: " + token);
                }
            }
            ascii(token);
            return this;
        }

        public Builder sp() {
            out.write(' ');
            return this;
        }

        /** {@code (} */
        public Builder open() {
            out.write('(');
            return this;
        }

        /** {@code )} */
        public Builder close() {
            out.write(')');
            return this;
        }

        public Builder number(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative number " + n);
            }
            ascii(Long.toString(n));
            return this;
        }

        public Builder nil() {
            ascii("NIL");
            return this;
        }

        /** A {@code string}: quoted when possible, else a literal. */
        public Builder string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (quotable(utf8)) {
                out.write('"');
                for (byte b : utf8) {
                    if (b == '"' || b == '\\') {
                        out.write('\\');
                    }
                    out.write(b);
                }
                out.write('"');
                return this;
            }
            return literal(utf8);
        }

        /** An {@code nstring}: {@code NIL} when empty. */
        public Builder nstring(Optional<String> s) {
            return s.isPresent() ? string(s.get()) : nil();
        }

        /** An {@code astring}: an atom when the text is one (and is not {@code NIL}), else a string. */
        public Builder astring(String s) {
            boolean atom = !s.isEmpty() && !s.equalsIgnoreCase("NIL");
            for (int i = 0; atom && i < s.length(); i++) {
                atom = Ascii.isAstringChar(s.charAt(i));
            }
            return atom ? raw(s) : string(s);
        }

        /** A mailbox name in the session's encoding (RFC 9051 section 9, {@code mailbox}). */
        public Builder mailbox(MailboxName mailbox, MailboxEncoding encoding) {
            return astring(mailbox.wire(encoding));
        }

        /** {@code {n}CRLF} and the octets. NUL octets need {@link #literal8(byte[])}. */
        public Builder literal(byte[] octets) {
            ascii("{" + octets.length + "}\r\n");
            out.writeBytes(octets);
            return this;
        }

        /** {@code ~{n}CRLF} and the octets: binary data (RFC 3516, RFC 9051 section 4.3). */
        public Builder literal8(byte[] octets) {
            ascii("~{" + octets.length + "}\r\n");
            out.writeBytes(octets);
            return this;
        }

        public Builder flag(Flag flag) {
            return raw(flag.name());
        }

        /** A parenthesised list of flags, e.g. {@code (\Seen $Forwarded)}. */
        public Builder flags(Collection<Flag> flags) {
            open();
            boolean first = true;
            for (Flag f : flags) {
                if (!first) {
                    sp();
                }
                flag(f);
                first = false;
            }
            return close();
        }

        /** {@code [code]} */
        public Builder code(ResponseCode code) {
            out.write('[');
            raw(code.toString());
            out.write(']');
            return this;
        }

        /**
         * Human-readable text (RFC 9051 {@code text}): CR, LF and other controls become spaces,
         * and in {@link TextMode#SEVEN_BIT} non-ASCII characters become {@code ?}.
         */
        public Builder text(String text) {
            StringBuilder safe = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                    safe.append(' ');
                } else if (c > 0x7f && mode == TextMode.SEVEN_BIT) {
                    safe.append('?');
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                        i++;
                    }
                } else {
                    safe.append(c);
                }
            }
            out.writeBytes(safe.toString().getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** The response, CRLF appended. */
        public ImapResponse build() {
            out.write('\r');
            out.write('\n');
            return new ImapResponse(out.toByteArray());
        }

        /** {@code [SP "[" code "]" SP] [text]} after a status word. */
        private Builder statusText(Optional<ResponseCode> code, String text) {
            if (code.isPresent()) {
                // resp-text = ["[" resp-text-code "]" SP] [text]: the SP follows the code even before empty text.
                sp().code(code.get()).sp().text(text);
            } else if (!text.isEmpty()) {
                sp().text(text);
            }
            return this;
        }

        private boolean quotable(byte[] utf8) {
            for (byte b : utf8) {
                if (b == 0 || b == '\r' || b == '\n' || (b < 0 && mode == TextMode.SEVEN_BIT)) {
                    return false;
                }
            }
            return true;
        }

        private void ascii(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
