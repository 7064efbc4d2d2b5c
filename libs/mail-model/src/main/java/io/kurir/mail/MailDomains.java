package io.kurir.mail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Postfix's naming parameters and their defaults (postconf(5)):
 * {@code myhostname} (the machine's fully-qualified name), {@code mydomain} ({@code myhostname}
 * minus its first label), {@code myorigin} ({@code $myhostname}) and {@code mydestination}
 * ({@code $myhostname, localhost.$mydomain, localhost}).
 *
 * @param myhostname this mail system's host name, used in the greeting, Received and Message-Id
 * @param mydomain the parent domain of {@code myhostname}
 * @param myorigin the domain appended to unqualified addresses and locally posted mail
 * @param mydestination the domains delivered locally, lower-case
 */
public record MailDomains(String myhostname, String mydomain, String myorigin, List<String> mydestination) {

    public MailDomains {
        mydestination = mydestination.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Fills in every parameter that is not set with Postfix's default. {@code mydestination} is a
     * list separated by commas and/or spaces; {@code $myhostname} and {@code $mydomain} in it are
     * expanded.
     */
    public static MailDomains resolve(Optional<String> myhostname, Optional<String> mydomain,
            Optional<String> myorigin, Optional<String> mydestination) {
        String host = myhostname.filter(s -> !s.isBlank()).map(String::trim).orElseGet(MailDomains::systemHostName);
        String domain = mydomain.filter(s -> !s.isBlank()).map(String::trim).orElseGet(() -> parentDomain(host));
        String origin = expand(myorigin.filter(s -> !s.isBlank()).orElse("$myhostname"), host, domain);
        String destinations = mydestination.filter(s -> !s.isBlank()).orElse("$myhostname, localhost.$mydomain, localhost");
        List<String> list = Arrays.stream(expand(destinations, host, domain).split("[,\\s]+"))
                .filter(s -> !s.isBlank())
                .distinct()
                .toList();
        return new MailDomains(host, domain, origin, list);
    }

    /** True when mail for this domain is delivered to local accounts. */
    public boolean isLocalDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            return false; // Postfix strips one trailing dot in rewriting; refuse it here (issue: relay tricks)
        }
        return mydestination.contains(d);
    }

    private static String expand(String value, String host, String domain) {
        return value.replace("${myhostname}", host).replace("$myhostname", host)
                .replace("${mydomain}", domain).replace("$mydomain", domain);
    }

    private static String parentDomain(String host) {
        int dot = host.indexOf('.');
        return dot > 0 && dot < host.length() - 1 ? host.substring(dot + 1) : "localdomain";
    }

    /**
     * The machine's name as gethostname(2) gives it (what {@code hostname} prints), made
     * fully-qualified through the resolver when that name has no dot, as Postfix does.
     */
    private static String systemHostName() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            String name = local.getHostName();
            if (name != null && !name.contains(".")) {
                String canonical = local.getCanonicalHostName();
                if (canonical.startsWith(name + ".")) {
                    name = canonical;
                }
            }
            if (name != null && !name.isBlank() && !name.matches("[0-9.:]+")) {
                return name.toLowerCase(Locale.ROOT);
            }
        } catch (UnknownHostException e) {
            // fall through to the environment
        }
        return Optional.ofNullable(System.getenv("HOSTNAME")).filter(s -> !s.isBlank()).orElse("localhost")
                .toLowerCase(Locale.ROOT);
    }
}
