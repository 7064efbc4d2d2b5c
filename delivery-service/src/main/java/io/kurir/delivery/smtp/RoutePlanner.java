package io.kurir.delivery.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Turns a {@link NextHop} into the list of addresses to try, as Postfix's smtp_addr.c does:
 * <ul>
 * <li>{@code [host]}: no MX lookup, the host's A/AAAA addresses; {@code [1.2.3.4]} as is;
 * <li>{@code domain}: its MX records, lowest preference first, equal preferences in random order
 *     (RFC 5321 section 5.1), each host's addresses, up to {@code smtp-mx-address-limit};
 * <li>no MX records: the domain itself as the only host ("implicit MX", RFC 5321 section 5.1);
 * <li>a null MX ({@code 0 .}, RFC 7505 section 3): the domain takes no mail, bounce 5.1.10;
 * <li>NXDOMAIN: bounce 5.4.4; a temporary DNS failure: defer 4.4.3.
 * </ul>
 * Thread-safe when the resolver is.
 */
public final class RoutePlanner {

    private final MxResolver resolver;
    private final int addressLimit;
    private final Random random;

    /**
     * @param addressLimit {@code smtp-mx-address-limit}: at most this many addresses, 0 for no limit
     * @param random shuffles MX hosts of equal preference
     */
    public RoutePlanner(MxResolver resolver, int addressLimit, Random random) {
        this.resolver = resolver;
        this.addressLimit = addressLimit <= 0 ? Integer.MAX_VALUE : addressLimit;
        this.random = random;
    }

    public Route plan(NextHop hop) {
        if (hop.isAddressLiteral()) {
            try {
                // a literal: parsed, never looked up
                InetAddress address = InetAddress.getByName(hop.host());
                return new Route.Targets(List.of(new Target(hop.host(), address, hop.port())));
            } catch (UnknownHostException e) {
                return new Route.Failed(true, "5.4.4", "bad address literal " + hop.host());
            }
        }
        if (!hop.mxLookup()) {
            return hostsRoute(List.of(hop.host()), hop.port());
        }
        List<MxRecord> records;
        try {
            records = resolver.mx(hop.host());
        } catch (DnsLookupException e) {
            return dnsFailure(hop.host(), "MX", e.kind());
        }
        List<String> hosts = order(records);
        // RFC 7505 section 3: a single null MX record says the domain accepts no mail
        if (records.size() == 1 && records.get(0).isNull() || !records.isEmpty() && hosts.isEmpty()) {
            return new Route.Failed(true, "5.1.10", "Domain " + hop.host() + " does not accept mail (nullMX)");
        }
        if (records.isEmpty()) {
            // RFC 5321 section 5.1: no MX records, the domain is its own mail server
            return hostsRoute(List.of(hop.host()), hop.port());
        }
        return hostsRoute(hosts, hop.port());
    }

    /** The exchanges by preference, equal preferences shuffled; the root name of a stray null MX left out. */
    List<String> order(List<MxRecord> records) {
        List<MxRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, random);
        shuffled.sort(Comparator.comparingInt(MxRecord::preference)); // stable: the shuffle survives within a preference
        List<String> hosts = new ArrayList<>();
        for (MxRecord r : shuffled) {
            if (!r.exchange().isEmpty() && !hosts.contains(r.exchange())) {
                hosts.add(r.exchange());
            }
        }
        return hosts;
    }

    private Route hostsRoute(List<String> hosts, int port) {
        List<Target> targets = new ArrayList<>();
        Route.Failed lastFailure = null;
        boolean tryAgain = false;
        for (String host : hosts) {
            if (targets.size() >= addressLimit) {
                break;
            }
            try {
                List<InetAddress> addresses = resolver.addresses(host);
                if (addresses.isEmpty()) {
                    lastFailure = new Route.Failed(true, "5.4.4", "Host or domain name not found. Name service error for name="
                            + host + " type=A: Host found but no data record of requested type");
                }
                for (InetAddress a : addresses) {
                    if (targets.size() < addressLimit) {
                        targets.add(new Target(host, a, port));
                    }
                }
            } catch (DnsLookupException e) {
                tryAgain |= e.kind() == DnsLookupException.Kind.TRY_AGAIN;
                lastFailure = (Route.Failed) dnsFailure(host, "A", e.kind());
            }
        }
        if (!targets.isEmpty()) {
            return new Route.Targets(targets);
        }
        if (tryAgain && lastFailure.permanent()) {
            // one host answered NXDOMAIN, another may come back: defer
            return new Route.Failed(false, "4.4.3", lastFailure.diagnostic());
        }
        return lastFailure;
    }

    private static Route dnsFailure(String name, String type, DnsLookupException.Kind kind) {
        String text = "Host or domain name not found. Name service error for name=" + name + " type=" + type
                + ": Host not found";
        return kind == DnsLookupException.Kind.TRY_AGAIN
                ? new Route.Failed(false, "4.4.3", text + ", try again")
                : new Route.Failed(true, "5.4.4", text);
    }
}
