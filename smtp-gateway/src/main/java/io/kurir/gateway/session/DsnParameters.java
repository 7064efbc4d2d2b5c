package io.kurir.gateway.session;

import io.kurir.smtp.codec.Xtext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 3461 (DSN) parameters of MAIL ({@code RET}, {@code ENVID}) and RCPT ({@code NOTIFY},
 * {@code ORCPT}), checked as Postfix checks them. Each method answers the decoded value, or empty
 * when the value is malformed (the caller replies with the bad-parameter reply).
 */
final class DsnParameters {

    /** RFC 3461 section 4.4: an ENVID is at most 100 characters. */
    static final int MAX_ENVID = 100;
    /** RFC 3461 section 4.2: an ORCPT is at most 500 characters. */
    static final int MAX_ORCPT = 500;

    private DsnParameters() {
    }

    /** {@code RET=FULL|HDRS}, in any case. */
    static Optional<String> ret(String value) {
        String ret = value.toUpperCase(Locale.ROOT);
        return ret.equals("FULL") || ret.equals("HDRS") ? Optional.of(ret) : Optional.empty();
    }

    /** {@code ENVID=xtext}: printable ASCII once decoded. */
    static Optional<String> envid(String value) {
        if (value.isEmpty() || value.length() > MAX_ENVID) {
            return Optional.empty();
        }
        return Xtext.decode(value).filter(DsnParameters::printable);
    }

    /**
     * {@code NOTIFY=NEVER} or a comma-separated list of SUCCESS, FAILURE, DELAY, in any case. Like
     * Postfix's dsn_notify_mask, empty items and repeats are tolerated; NEVER with others is not.
     */
    static Optional<List<String>> notify(String value) {
        List<String> out = new ArrayList<>();
        for (String word : value.split(",")) {
            String w = word.toUpperCase(Locale.ROOT);
            if (w.isEmpty() || out.contains(w)) {
                continue;
            }
            if (!(w.equals("NEVER") || w.equals("SUCCESS") || w.equals("FAILURE") || w.equals("DELAY"))) {
                return Optional.empty();
            }
            out.add(w);
        }
        if (out.isEmpty() || out.contains("NEVER") && out.size() > 1) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /**
     * {@code ORCPT=addr-type;xtext}: the address type {@code rfc822} with a printable ASCII address
     * (it will be written into a report's Original-Recipient header, so no control characters);
     * answered as {@code rfc822;address} with the address decoded. RFC 6533's {@code utf-8} type,
     * which has its own encoding, is not accepted.
     */
    static Optional<String> orcpt(String value) {
        int semi = value.indexOf(';');
        if (semi <= 0 || value.length() > MAX_ORCPT) {
            return Optional.empty();
        }
        String type = value.substring(0, semi).toLowerCase(Locale.ROOT);
        if (!type.equals("rfc822")) {
            return Optional.empty();
        }
        return Xtext.decode(value.substring(semi + 1)).filter(a -> !a.isEmpty() && printable(a)).map(a -> type + ";" + a);
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }
}
