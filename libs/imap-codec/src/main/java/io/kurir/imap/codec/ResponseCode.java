package io.kurir.imap.codec;

import java.util.List;
import java.util.Objects;

/**
 * A response code, the bracketed part of a status response such as {@code [TRYCREATE]} or
 * {@code [BADCHARSET (UTF-8)]} (RFC 9051 section 7.1, RFC 5530).
 *
 * @param kind which code
 * @param arguments what follows the code's name, already in wire form; empty for none
 */
public record ResponseCode(Kind kind, String arguments) {

    /** The response codes of RFC 9051 section 7.1, RFC 5530 and the extensions Kurir implements. */
    public enum Kind {
        ALERT, ALREADYEXISTS, APPENDUID, AUTHENTICATIONFAILED, AUTHORIZATIONFAILED, BADCHARSET, CANNOT,
        CAPABILITY, CLIENTBUG, CLOSED, CONTACTADMIN, COPYUID, CORRUPTION, EXPIRED, EXPUNGEISSUED,
        HASCHILDREN, HIGHESTMODSEQ, INUSE, LIMIT, MODIFIED, NOMODSEQ, NONEXISTENT, NOPERM, NOTSAVED,
        OVERQUOTA, PARSE, PERMANENTFLAGS, PRIVACYREQUIRED, READ_ONLY("READ-ONLY"), READ_WRITE("READ-WRITE"),
        SERVERBUG, TOOBIG, TRYCREATE, UIDNEXT, UIDNOTSTICKY, UIDVALIDITY, UNAVAILABLE,
        UNKNOWN_CTE("UNKNOWN-CTE"), UNSEEN;

        private final String wire;

        Kind() {
            this.wire = name();
        }

        Kind(String wire) {
            this.wire = wire;
        }

        /** The code's name on the wire. */
        public String wire() {
            return wire;
        }
    }

    /**
     * @throws IllegalArgumentException when {@code arguments} contains CR, LF or NUL
     */
    public ResponseCode {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(arguments, "arguments");
        if (arguments.indexOf('\r') >= 0 || arguments.indexOf('\n') >= 0 || arguments.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("line break in response code arguments");
        }
    }

    /** A code without arguments. */
    public static ResponseCode of(Kind kind) {
        return new ResponseCode(kind, "");
    }

    /** A code with arguments in wire form, e.g. {@code of(UIDNEXT, "4392")}. */
    public static ResponseCode of(Kind kind, String arguments) {
        return new ResponseCode(kind, arguments);
    }

    /** {@code BADCHARSET (charset ...)}: the charsets the server supports (RFC 9051 section 7.1). */
    public static ResponseCode badCharset(List<String> supported) {
        return new ResponseCode(Kind.BADCHARSET, supported.isEmpty() ? "" : "(" + String.join(" ", supported) + ")");
    }

    /** The code as it appears between the brackets. */
    @Override
    public String toString() {
        return arguments.isEmpty() ? kind.wire() : kind.wire() + " " + arguments;
    }
}
