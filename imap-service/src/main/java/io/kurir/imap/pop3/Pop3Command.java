package io.kurir.imap.pop3;

import java.util.Optional;
import java.util.OptionalInt;

/** A parsed POP3 command (RFC 1939, CAPA and extensions of RFC 2449, AUTH of RFC 5034, STLS of RFC 2595). */
public sealed interface Pop3Command {

    record User(String name) implements Pop3Command {
    }

    record Pass(String password) implements Pop3Command {
    }

    /** AUTH without a mechanism lists the mechanisms (as Dovecot answers it); with one it starts SASL. */
    record Auth(Optional<String> mechanism, Optional<String> initialResponse) implements Pop3Command {
    }

    record Capa() implements Pop3Command {
    }

    record Stls() implements Pop3Command {
    }

    record Quit() implements Pop3Command {
    }

    record Stat() implements Pop3Command {
    }

    /** LIST, for every message or one. */
    record ListMessages(OptionalInt message) implements Pop3Command {
    }

    record Retr(int message) implements Pop3Command {
    }

    record Dele(int message) implements Pop3Command {
    }

    record Noop() implements Pop3Command {
    }

    record Rset() implements Pop3Command {
    }

    /** TOP msg n: the header and the first {@code lines} lines of the body. */
    record Top(int message, int lines) implements Pop3Command {
    }

    record Uidl(OptionalInt message) implements Pop3Command {
    }

    /** A command this server does not know; the answer names it. */
    record Unknown(String name) implements Pop3Command {
    }

    /** A known command with arguments that cannot be read; {@code reason} follows {@code -ERR }. */
    record Invalid(String reason) implements Pop3Command {
    }
}
