package io.kurir.smtp.codec;

import io.kurir.mail.MailAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One parsed SMTP command line (RFC 5321 section 4.1.1). Produced by {@link SmtpCommandParser};
 * the session decides whether the command is allowed in its current state.
 *
 * <p>{@link Invalid} stands for a recognised verb with wrong arguments and carries the exact reply
 * to send; {@link Unknown} for a verb the server does not implement.
 */
public sealed interface SmtpCommand {

    /** {@code HELO domain} (RFC 5321 section 4.1.1.1). Several words are joined by one space, as Postfix does. */
    record Helo(String domain) implements SmtpCommand {
        public Helo {
            Objects.requireNonNull(domain, "domain");
        }
    }

    /** {@code EHLO domain} (RFC 5321 section 4.1.1.1). Several words are joined by one space, as Postfix does. */
    record Ehlo(String domain) implements SmtpCommand {
        public Ehlo {
            Objects.requireNonNull(domain, "domain");
        }
    }

    /**
     * {@code MAIL FROM:<reverse-path> [params]} (RFC 5321 section 4.1.1.2).
     *
     * @param reversePath the sender; empty for the null reverse-path {@code <>}
     * @param params ESMTP parameters, keys upper-cased, value {@code ""} for a keyword without
     *     {@code =}; in the client's order; the last of duplicate keys wins. Not validated.
     */
    record Mail(Optional<MailAddress> reversePath, Map<String, String> params) implements SmtpCommand {
        public Mail {
            Objects.requireNonNull(reversePath, "reversePath");
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /**
     * {@code RCPT TO:<forward-path> [params]} (RFC 5321 section 4.1.1.3).
     *
     * @param forwardPath the recipient, possibly unqualified ({@code <postmaster>})
     * @param params as for {@link Mail#params()}
     */
    record Rcpt(MailAddress forwardPath, Map<String, String> params) implements SmtpCommand {
        public Rcpt {
            Objects.requireNonNull(forwardPath, "forwardPath");
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** {@code DATA} (RFC 5321 section 4.1.1.4). */
    record Data() implements SmtpCommand {
    }

    /** {@code RSET} (RFC 5321 section 4.1.1.5). */
    record Rset() implements SmtpCommand {
    }

    /** {@code NOOP}, any argument ignored (RFC 5321 section 4.1.1.9). */
    record Noop() implements SmtpCommand {
    }

    /** {@code QUIT}; like Postfix, arguments are not checked (RFC 5321 section 4.1.1.10). */
    record Quit() implements SmtpCommand {
    }

    /** {@code VRFY string} (RFC 5321 section 4.1.1.6); the argument may be empty. */
    record Vrfy(String argument) implements SmtpCommand {
        public Vrfy {
            Objects.requireNonNull(argument, "argument");
        }
    }

    /**
     * {@code ETRN [@|#]node} (RFC 1985 section 5): start the queue for a node; the argument as the
     * client gave it, stripped, possibly empty or several words. The session checks it.
     */
    record Etrn(String argument) implements SmtpCommand {
        public Etrn {
            Objects.requireNonNull(argument, "argument");
        }
    }

    /** {@code HELP [string]} (RFC 5321 section 4.1.1.8); the argument may be empty. */
    record Help(String argument) implements SmtpCommand {
        public Help {
            Objects.requireNonNull(argument, "argument");
        }
    }

    /** A verb the parser does not know, upper-cased (e.g. {@code EXPN}, {@code TURN}, {@code GET}). */
    record Unknown(String verb) implements SmtpCommand {
        public Unknown {
            Objects.requireNonNull(verb, "verb");
        }
    }

    /** A known verb with wrong arguments, or an empty line; {@code reply} is what Postfix answers. */
    record Invalid(SmtpReply reply) implements SmtpCommand {
        public Invalid {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** RFC 3207 STARTTLS. */
    record StartTls() implements SmtpCommand {
    }

    /**
     * RFC 4954 AUTH: the mechanism in upper case and the optional initial response, still in
     * base64 ({@code =} stands for an empty initial response, RFC 4954 section 4).
     */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {
        public Auth {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(initialResponse, "initialResponse");
        }
    }

    /** RFC 3030 BDAT: a chunk of {@code size} octets follows the command line; {@code last} ends the message. */
    record Bdat(long size, boolean last) implements SmtpCommand {
    }
}
