package io.kurir.delivery.smtp;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's reply (RFC 5321 section 4.2), possibly multi-line.
 *
 * @param code the three-digit reply code
 * @param lines the lines as received, without CRLF, e.g. {@code 250-PIPELINING}, {@code 250 OK}
 */
public record ServerReply(int code, List<String> lines) {

    /** RFC 3463 section 2 status code at the start of the text (RFC 2034 section 4). */
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?=\\s|$)");

    public ServerReply {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    /** 2yz: the command was accepted. */
    public boolean positive() {
        return code / 100 == 2;
    }

    /** 4yz: try again later (RFC 5321 section 4.2.1). */
    public boolean transientFailure() {
        return code / 100 == 4;
    }

    /** 5yz: do not try again. */
    public boolean permanentFailure() {
        return code / 100 == 5;
    }

    /** The whole reply on one line as Postfix logs it: the lines joined with a space, e.g. {@code 550-5.1.1 a 550 5.1.1 b}. */
    public String text() {
        return String.join(" ", lines);
    }

    /** The text after the code of each line. */
    public List<String> texts() {
        return lines.stream().map(l -> l.length() > 4 ? l.substring(4) : "").toList();
    }

    /** The enhanced status code (RFC 3463) of the first line when its class agrees with the reply code. */
    public Optional<String> enhancedStatus() {
        Matcher m = ENHANCED.matcher(texts().get(0));
        if (m.find() && Integer.parseInt(m.group(1)) == code / 100) {
            return Optional.of(m.group());
        }
        return Optional.empty();
    }

    /** The enhanced status code, or {@code X.0.0} from the reply code's class. */
    public String dsnStatus() {
        return enhancedStatus().orElse(code / 100 + ".0.0");
    }
}
