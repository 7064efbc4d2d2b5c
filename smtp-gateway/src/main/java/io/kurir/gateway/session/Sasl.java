package io.kurir.gateway.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The server side of the SASL mechanisms PLAIN (RFC 4616) and LOGIN (draft-murchison-sasl-login),
 * without I/O: each client response in, the next challenge or the credentials out.
 */
final class Sasl {

    /** The mechanisms offered, in EHLO order. */
    static final String MECHANISMS = "PLAIN LOGIN";

    /** What the exchange needs next. */
    sealed interface Next {
        /** Send this base64 challenge in a 334 reply and wait for the response. */
        record Challenge(String base64) implements Next {
        }

        /** The client said who it is; check it. */
        record Credentials(String user, char[] password) implements Next {
        }

        /** The response was not valid (not base64, wrong shape): the exchange fails with 501. */
        record Malformed() implements Next {
        }
    }

    private static final String USERNAME = base64("Username:");
    private static final String PASSWORD = base64("Password:");

    private final String mechanism;
    private Optional<String> loginUser = Optional.empty();

    private Sasl(String mechanism) {
        this.mechanism = mechanism;
    }

    static boolean supports(String mechanism) {
        return mechanism.equals("PLAIN") || mechanism.equals("LOGIN");
    }

    static Sasl start(String mechanism) {
        return new Sasl(mechanism);
    }

    /** The first step: with the AUTH command's initial response, or without one. */
    Next begin(Optional<String> initialResponse) {
        if (initialResponse.isEmpty()) {
            return new Next.Challenge(mechanism.equals("PLAIN") ? "" : USERNAME);
        }
        return respond(initialResponse.get());
    }

    /** The client's response line (base64; {@code =} is an empty initial response, RFC 4954 section 4). */
    Next respond(String line) {
        Optional<byte[]> decoded = decode(line);
        if (decoded.isEmpty()) {
            return new Next.Malformed();
        }
        String text = new String(decoded.get(), StandardCharsets.UTF_8);
        if (mechanism.equals("PLAIN")) {
            return plain(text);
        }
        if (loginUser.isEmpty()) {
            loginUser = Optional.of(text);
            return new Next.Challenge(PASSWORD);
        }
        return new Next.Credentials(loginUser.get(), text.toCharArray());
    }

    /** RFC 4616 section 2: {@code [authzid] NUL authcid NUL passwd}; an authzid must equal the authcid. */
    private static Next plain(String text) {
        String[] parts = text.split("\u0000", -1);
        if (parts.length != 3 || parts[1].isEmpty() || (!parts[0].isEmpty() && !parts[0].equals(parts[1]))) {
            return new Next.Malformed();
        }
        return new Next.Credentials(parts[1], parts[2].toCharArray());
    }

    private static Optional<byte[]> decode(String line) {
        if (line.equals("=")) {
            return Optional.of(new byte[0]);
        }
        try {
            return Optional.of(Base64.getDecoder().decode(line.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }
}
