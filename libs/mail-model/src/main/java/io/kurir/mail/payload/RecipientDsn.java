package io.kurir.mail.payload;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the client asked about one recipient with RFC 3461 (DSN) parameters, kept so that delivery
 * and bounce can honour it.
 *
 * @param notifyOn {@code NOTIFY}: empty when not given (Postfix then reports failures and delays),
 *        {@code [NEVER]}, or any of {@code SUCCESS}, {@code FAILURE}, {@code DELAY}
 * @param orcpt {@code ORCPT} decoded from xtext as {@code addr-type;address}, e.g.
 *        {@code rfc822;fauzan@localhost}, or null when not given
 */
public record RecipientDsn(List<String> notifyOn, String orcpt) {

    /** No DSN parameters. */
    public static final RecipientDsn NONE = new RecipientDsn(List.of(), null);

    private static final Set<String> NOTIFY_VALUES = Set.of("NEVER", "SUCCESS", "FAILURE", "DELAY");

    public RecipientDsn {
        notifyOn = notifyOn == null ? List.of() : List.copyOf(notifyOn);
        for (String n : notifyOn) {
            if (!NOTIFY_VALUES.contains(n)) {
                throw new IllegalArgumentException("bad NOTIFY value " + n);
            }
        }
        if (notifyOn.contains("NEVER") && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER with other values");
        }
    }

    /** Whether a message of this outcome ({@code SUCCESS}, {@code FAILURE}, {@code DELAY}) is wanted. */
    public boolean wants(String outcome) {
        String o = outcome.toUpperCase(Locale.ROOT);
        if (notifyOn.isEmpty()) {
            return o.equals("FAILURE") || o.equals("DELAY");
        }
        return notifyOn.contains(o);
    }
}
