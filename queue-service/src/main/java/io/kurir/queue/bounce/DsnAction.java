package io.kurir.queue.bounce;

import java.util.Locale;

/** RFC 3464 section 2.3.3: what happened to one recipient, written as the {@code Action:} field. */
public enum DsnAction {
    FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED;

    /** The field value: {@code failed}, {@code delayed}, ... */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
