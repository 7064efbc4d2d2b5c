package io.kurir.delivery.smtp;

import java.io.IOException;

/** The server sent something that is not an SMTP reply (RFC 5321 section 4.2): garbage, an overlong line. */
public final class SmtpProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public SmtpProtocolException(String message) {
        super(message);
    }
}
