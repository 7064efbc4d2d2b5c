package io.kurir.queue.bounce;

import io.kurir.mail.payload.RecipientDsn;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Who gets a notice and about whom. */
public final class BouncePolicy {

    /** The local part Postfix sends postmaster notices from; mail from it is never bounced. */
    public static final String DOUBLE_BOUNCE = "double-bounce";

    private BouncePolicy() {
    }

    /**
     * Whether mail from this envelope sender is itself a notice, which must never be answered with
     * another (RFC 3461 section 6.2, RFC 5321 section 4.5.5): the null sender, or Postfix's
     * {@code double-bounce} sender. A failure of such mail goes to the postmaster as
     * {@link DsnKind#POSTMASTER_COPY} at most, and a failure of that is only logged.
     */
    public static boolean isBounce(String sender) {
        if (sender == null) {
            return true;
        }
        String s = sender.trim();
        if (s.isEmpty() || s.equals("<>")) {
            return true;
        }
        int at = s.lastIndexOf('@');
        String local = at < 0 ? s : s.substring(0, at);
        return local.toLowerCase(Locale.ROOT).equals(DOUBLE_BOUNCE);
    }

    /**
     * Whether a recipient with these RFC 3461 section 4.1 {@code NOTIFY} parameters is reported in a
     * notice of this kind: without {@code NOTIFY} on failure and delay, {@code NOTIFY=NEVER} never. The
     * postmaster's copy ignores the sender's wishes.
     */
    public static boolean includes(DsnKind kind, RecipientDsn dsn) {
        if (kind == DsnKind.POSTMASTER_COPY) {
            return true;
        }
        return (dsn == null ? RecipientDsn.NONE : dsn).wants(kind.notifyKeyword());
    }

    /** The recipients of {@code all} that a notice of this kind reports, in order. */
    public static <T> List<T> select(DsnKind kind, List<T> all, Function<T, RecipientDsn> dsnOf) {
        return all.stream().filter(r -> includes(kind, dsnOf.apply(r))).toList();
    }
}
