package io.kurir.delivery.smtp;

import java.util.List;

/** Where the mail for one next hop goes, as {@link RoutePlanner} found it in DNS. */
public sealed interface Route {

    /** The addresses to try, in order (MX preference, then the order of each host's addresses). */
    record Targets(List<Target> targets) implements Route {
        public Targets {
            targets = List.copyOf(targets);
        }
    }

    /**
     * No address: the DNS said the destination does not exist or takes no mail, or did not answer.
     *
     * @param permanent bounce rather than defer
     * @param dsnStatus e.g. {@code 5.4.4}, {@code 4.4.3}, {@code 5.1.10}
     * @param diagnostic as Postfix logs it
     */
    record Failed(boolean permanent, String dsnStatus, String diagnostic) implements Route {
    }
}
