package io.kurir.smtp.codec;

import io.kurir.mail.MailAddress;
import io.kurir.smtp.codec.CommandTokenizer.Token;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one command line (without its CRLF) into an {@link SmtpCommand}, with Postfix's tolerance:
 * verbs in any case, {@code mail from:afau@localhost} without angle brackets, a space after the
 * colon ({@code MAIL FROM: <a@b>}), several spaces between words. Syntax errors become
 * {@link SmtpCommand.Invalid} carrying the exact Postfix reply; the parser never throws on client
 * input. It checks syntax only: whether a command is allowed now, and which ESMTP parameters are
 * supported, is the session's business.
 */
public final class SmtpCommandParser {

    /** What to do with an RFC 5321 source route such as {@code <@relay1,@relay2:user@example.com>}. */
    public enum SourceRoute {
        /** Refuse the address with the bad sender / bad recipient syntax reply (the default). */
        REJECT,
        /**
         * Accept the address and drop the route, as Postfix's smtpd does ("truncate deprecated
         * route address form") and as RFC 5321 section 4.1.1.3 and appendix C recommend.
         */
        STRIP
    }

    /** RFC 3461 parameters of MAIL (RET, ENVID) and RCPT (NOTIFY, ORCPT). */
    private static final Set<String> DSN_KEYWORDS = Set.of("RET", "ENVID", "NOTIFY", "ORCPT");

    private SmtpCommandParser() {
    }

    /** Parses a command line, refusing source routes ({@link SourceRoute#REJECT}). */
    public static SmtpCommand parse(String line) {
        return parse(line, SourceRoute.REJECT);
    }

    /** Parses a command line with the given source route handling. */
    public static SmtpCommand parse(String line, SourceRoute sourceRoute) {
        int start = 0;
        while (start < line.length() && CommandTokenizer.isSpace(line.charAt(start))) {
            start++;
        }
        int verbEnd = start;
        while (verbEnd < line.length() && !CommandTokenizer.isSpace(line.charAt(verbEnd))) {
            verbEnd++;
        }
        if (verbEnd == start) {
            return new SmtpCommand.Invalid(SmtpReplies.BAD_SYNTAX);
        }
        String verb = line.substring(start, verbEnd).toUpperCase(Locale.ROOT);
        String rest = line.substring(verbEnd);
        return switch (verb) {
            case "HELO" -> helo(rest, false);
            case "EHLO" -> helo(rest, true);
            case "MAIL" -> mail(CommandTokenizer.split(rest), sourceRoute);
            case "RCPT" -> rcpt(CommandTokenizer.split(rest), sourceRoute);
            case "DATA" -> noArguments(rest, new SmtpCommand.Data(), SmtpReplies.DATA_SYNTAX);
            case "RSET" -> noArguments(rest, new SmtpCommand.Rset(), SmtpReplies.RSET_SYNTAX);
            // RFC 5321 section 4.1.1.9: NOOP may carry a string, which is ignored.
            case "NOOP" -> new SmtpCommand.Noop();
            // Postfix's quit_cmd: "Don't bother checking the syntax."
            case "QUIT" -> new SmtpCommand.Quit();
            case "STARTTLS" -> noArguments(rest, new SmtpCommand.StartTls(), SmtpReplies.STARTTLS_SYNTAX);
            case "AUTH" -> auth(CommandTokenizer.split(rest));
            case "BDAT" -> bdat(CommandTokenizer.split(rest));
            case "VRFY" -> new SmtpCommand.Vrfy(rest.strip());
            case "HELP" -> new SmtpCommand.Help(rest.strip());
            // RFC 1985 section 5; like Postfix, the session checks the argument (count and syntax)
            case "ETRN" -> new SmtpCommand.Etrn(rest.strip());
            default -> new SmtpCommand.Unknown(verb);
        };
    }

    /** RFC 3030 section 2: {@code "BDAT" SP chunk-size [SP end-marker]}, end-marker = "LAST". */
    private static SmtpCommand bdat(List<Token> words) {
        if (words.isEmpty() || words.size() > 2 || !words.get(0).text().matches("\\d{1,18}")
                || (words.size() == 2 && !words.get(1).text().equalsIgnoreCase("LAST"))) {
            return new SmtpCommand.Invalid(SmtpReplies.BDAT_SYNTAX);
        }
        return new SmtpCommand.Bdat(Long.parseLong(words.get(0).text()), words.size() == 2);
    }

    /** RFC 4954 section 4: {@code "AUTH" SP sasl-mech [SP initial-response]}. */
    private static SmtpCommand auth(List<Token> words) {
        if (words.isEmpty() || words.size() > 2 || !words.get(0).text().matches("[A-Za-z0-9_-]{1,20}")) {
            return new SmtpCommand.Invalid(SmtpReplies.AUTH_SYNTAX);
        }
        Optional<String> initial = words.size() == 2 ? Optional.of(words.get(1).text()) : Optional.empty();
        return new SmtpCommand.Auth(words.get(0).text().toUpperCase(Locale.ROOT), initial);
    }

    /** RFC 5321 section 4.1.1.1; extra words are joined by one space, as Postfix's collapse_args does. */
    private static SmtpCommand helo(String rest, boolean extended) {
        List<Token> words = CommandTokenizer.split(rest);
        if (words.isEmpty()) {
            return new SmtpCommand.Invalid(extended ? SmtpReplies.EHLO_SYNTAX : SmtpReplies.HELO_SYNTAX);
        }
        String domain = String.join(" ", words.stream().map(Token::text).toList());
        return extended ? new SmtpCommand.Ehlo(domain) : new SmtpCommand.Helo(domain);
    }

    /** RFC 5321 section 4.1.1.2: {@code "MAIL FROM:" Reverse-path [SP Mail-parameters]}. */
    private static SmtpCommand mail(List<Token> words, SourceRoute sourceRoute) {
        if (words.size() < 2 || !words.get(0).text().equalsIgnoreCase("FROM:")) {
            return new SmtpCommand.Invalid(SmtpReplies.MAIL_SYNTAX);
        }
        Token path = words.get(1);
        if (path.malformed()) {
            return new SmtpCommand.Invalid(SmtpReplies.BAD_SENDER_SYNTAX);
        }
        String address = unbracket(path.text());
        Optional<Optional<MailAddress>> sender = address.isEmpty()
                ? Optional.of(Optional.empty()) // RFC 5321 section 4.5.5: the null reverse-path "<>".
                : mailbox(address, sourceRoute).map(Optional::of);
        if (sender.isEmpty()) {
            return new SmtpCommand.Invalid(SmtpReplies.BAD_SENDER_SYNTAX);
        }
        Optional<String> repeated = repeatedKeyword(words);
        if (repeated.isPresent()) {
            return new SmtpCommand.Invalid(SmtpReplies.badMailParameter(repeated.get()));
        }
        return new SmtpCommand.Mail(sender.get(), parameters(words));
    }

    /** RFC 5321 section 4.1.1.3: {@code "RCPT TO:" Forward-path [SP Rcpt-parameters]}. */
    private static SmtpCommand rcpt(List<Token> words, SourceRoute sourceRoute) {
        if (words.size() < 2 || !words.get(0).text().equalsIgnoreCase("TO:")) {
            return new SmtpCommand.Invalid(SmtpReplies.RCPT_SYNTAX);
        }
        Token path = words.get(1);
        if (path.malformed()) {
            return new SmtpCommand.Invalid(SmtpReplies.BAD_RECIPIENT_SYNTAX);
        }
        // An empty forward-path "<>" is not a recipient; mailbox() refuses it.
        Optional<MailAddress> recipient = mailbox(unbracket(path.text()), sourceRoute);
        if (recipient.isEmpty()) {
            return new SmtpCommand.Invalid(SmtpReplies.BAD_RECIPIENT_SYNTAX);
        }
        Optional<String> repeated = repeatedKeyword(words);
        if (repeated.isPresent()) {
            return new SmtpCommand.Invalid(SmtpReplies.badRcptParameter(repeated.get()));
        }
        return new SmtpCommand.Rcpt(recipient.get(), parameters(words));
    }

    /** Postfix accepts a path with or without its angle brackets. */
    private static String unbracket(String path) {
        if (path.length() >= 2 && path.charAt(0) == '<' && path.charAt(path.length() - 1) == '>') {
            return path.substring(1, path.length() - 1);
        }
        return path;
    }

    /**
     * RFC 5321 section 4.1.2 {@code Path = "<" [ A-d-l ":" ] Mailbox ">"}: the optional A-d-l is
     * the source route, refused or dropped according to {@code sourceRoute}.
     */
    private static Optional<MailAddress> mailbox(String address, SourceRoute sourceRoute) {
        String mailbox = address;
        int colon = address.indexOf(':');
        if (address.startsWith("@") && colon > 0) {
            if (sourceRoute == SourceRoute.REJECT) {
                return Optional.empty();
            }
            mailbox = address.substring(colon + 1);
        }
        return MailAddress.parse(mailbox);
    }

    /**
     * RFC 5321 section 4.1.2 {@code esmtp-param = esmtp-keyword ["=" esmtp-value]}, the words after
     * the path. Keywords are case-insensitive (RFC 5321 section 2.4) and upper-cased here.
     */
    private static Map<String, String> parameters(List<Token> words) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Token word : words.subList(2, words.size())) {
            String text = word.text();
            int eq = text.indexOf('=');
            params.put(keyword(text), eq < 0 ? "" : text.substring(eq + 1));
        }
        return params;
    }

    /**
     * A DSN parameter given twice ({@code RET=FULL RET=HDRS}) is a syntax error, as in Postfix; for
     * any other parameter the last one wins (Postfix's tolerance for {@code SIZE=1 SIZE=2}).
     */
    private static Optional<String> repeatedKeyword(List<Token> words) {
        Set<String> seen = new HashSet<>();
        for (Token word : words.subList(2, words.size())) {
            String keyword = keyword(word.text());
            if (DSN_KEYWORDS.contains(keyword) && !seen.add(keyword)) {
                return Optional.of(keyword);
            }
        }
        return Optional.empty();
    }

    private static String keyword(String param) {
        int eq = param.indexOf('=');
        return (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
    }

    private static SmtpCommand noArguments(String rest, SmtpCommand command, SmtpReply syntaxError) {
        return rest.isBlank() ? command : new SmtpCommand.Invalid(syntaxError);
    }
}
