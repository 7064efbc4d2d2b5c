package io.kurir.imap.codec;

import java.util.Optional;

/**
 * Thrown inside the parser when the command does not match the grammar; {@link ImapCommandParser}
 * turns it into {@link ImapCommand.Invalid}, so it never leaves the package. No stack trace: it
 * is control flow for client errors, not a bug report.
 */
final class ImapSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ImapResponse.Status status;
    private final transient Optional<ResponseCode> code;

    ImapSyntaxException(String message) {
        this(ImapResponse.Status.BAD, Optional.empty(), message);
    }

    ImapSyntaxException(ImapResponse.Status status, Optional<ResponseCode> code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    ImapResponse.Status status() {
        return status;
    }

    Optional<ResponseCode> code() {
        return code;
    }
}
