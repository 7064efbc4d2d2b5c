package io.kurir.gateway.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of a Postfix restriction list ({@code smtpd_client_restrictions} and friends), as far as
 * Kurir implements them. Anything else in a list fails the start with the list's name and the word,
 * so a configuration never silently means less than it says.
 */
public sealed interface Restriction {

    /** {@code permit}: the list ends, accepted. */
    record Permit() implements Restriction {
    }

    /** {@code reject}: the list ends, refused with {@code 554 5.7.1 ... Access denied}. */
    record Reject() implements Restriction {
    }

    /** {@code permit_mynetworks}. */
    record PermitMynetworks() implements Restriction {
    }

    /** {@code permit_sasl_authenticated}. */
    record PermitSaslAuthenticated() implements Restriction {
    }

    /** {@code check_client_access}, {@code check_helo_access}, {@code check_sender_access}, {@code check_recipient_access}: Kurir's tables in PostgreSQL. */
    record CheckAccess(io.kurir.store.AccessKind kind) implements Restriction {
    }

    /** {@code reject_invalid_helo_hostname}: bad HELO syntax. */
    record RejectInvalidHeloHostname() implements Restriction {
    }

    /** {@code reject_non_fqdn_helo_hostname}: a HELO name without a dot. */
    record RejectNonFqdnHeloHostname() implements Restriction {
    }

    /** {@code reject_non_fqdn_sender}. */
    record RejectNonFqdnSender() implements Restriction {
    }

    /** {@code reject_non_fqdn_recipient}. */
    record RejectNonFqdnRecipient() implements Restriction {
    }

    /** {@code reject_rbl_client domain}: the client address listed in a DNS blocklist. */
    record RejectRblClient(io.kurir.gateway.dns.DnsblSite site) implements Restriction {
    }

    /**
     * Parses a restriction list: words separated by commas and/or white space, as in main.cf. The
     {@code check_*_access} restrictions take no table argument: Kurir's access tables live in
     * PostgreSQL ({@code ./kurir access}); a Postfix table such as {@code hash:/etc/postfix/access}
     * is refused with a hint to import it.
     *
     * @throws IllegalArgumentException naming {@code setting} and the word it cannot use
     */
    static List<Restriction> parseList(String setting, String text) {
        List<Restriction> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String w : text.trim().split("[,\\s]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i).toLowerCase(Locale.ROOT);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            if (next != null && next.contains(":") && word.startsWith("check_") && word.endsWith("_access")) {
                throw new IllegalArgumentException(setting + ": " + word + " " + next + ": Kurir keeps access tables in "
                        + "PostgreSQL; import the file with ./kurir access import and write " + word + " alone");
            }
            out.add(switch (word) {
                case "permit" -> new Permit();
                case "reject" -> new Reject();
                case "permit_mynetworks" -> new PermitMynetworks();
                case "permit_sasl_authenticated" -> new PermitSaslAuthenticated();
                case "check_client_access" -> new CheckAccess(io.kurir.store.AccessKind.CLIENT);
                case "check_helo_access" -> new CheckAccess(io.kurir.store.AccessKind.HELO);
                case "check_sender_access" -> new CheckAccess(io.kurir.store.AccessKind.SENDER);
                case "check_recipient_access" -> new CheckAccess(io.kurir.store.AccessKind.RECIPIENT);
                case "reject_invalid_helo_hostname" -> new RejectInvalidHeloHostname();
                case "reject_non_fqdn_helo_hostname" -> new RejectNonFqdnHeloHostname();
                case "reject_non_fqdn_sender" -> new RejectNonFqdnSender();
                case "reject_non_fqdn_recipient" -> new RejectNonFqdnRecipient();
                case "reject_rbl_client" -> {
                    if (next == null) {
                        throw new IllegalArgumentException(setting + ": reject_rbl_client needs a DNS blocklist domain");
                    }
                    io.kurir.gateway.dns.DnsblSite site;
                    try {
                        site = io.kurir.gateway.dns.DnsblSite.parse(next);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(setting + ": reject_rbl_client: " + e.getMessage());
                    }
                    i++;
                    yield new RejectRblClient(site);
                }
                default -> throw new IllegalArgumentException(setting + ": unknown or unsupported restriction \""
                        + words.get(i) + "\"");
            });
        }
        return List.copyOf(out);
    }
}
