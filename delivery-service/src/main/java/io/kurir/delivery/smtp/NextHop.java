package io.kurir.delivery.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A next hop in Postfix syntax (transport(5), smtp(8)), with any {@code smtp:} prefix stripped:
 * <ul>
 * <li>{@code domain} — look up MX records (RFC 5321 section 5.1), port {@code smtp-tcp-port};
 * <li>{@code domain:port} — MX lookup, then that port;
 * <li>{@code [host]} or {@code [1.2.3.4]} or {@code [ipv6:::1]} — no MX lookup, the host's own A/AAAA addresses;
 * <li>{@code [host]:port} — the same on another port.
 * </ul>
 * A port may also be a service name: {@code smtp}, {@code submission}, {@code smtps}.
 *
 * @param host the domain or host name (lower case, no trailing dot) or an IP address without brackets
 * @param port the TCP port
 * @param mxLookup whether MX records are looked up ({@code false} for the bracketed form)
 */
public record NextHop(String host, int port, boolean mxLookup) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");
    private static final Map<String, Integer> SERVICES = Map.of("smtp", 25, "submission", 587, "smtps", 465);

    public NextHop {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
        if (!NAME.matcher(host).matches() && !isAddressLiteral(host)) {
            throw new IllegalArgumentException("bad host name " + host);
        }
    }

    /**
     * Parses Postfix next-hop syntax.
     *
     * @param defaultPort the port when none is given ({@code smtp-tcp-port})
     * @throws IllegalArgumentException when {@code text} is not a next hop
     */
    public static NextHop parse(String text, int defaultPort) {
        String s = text.strip();
        if (s.regionMatches(true, 0, "smtp:", 0, 5)) {
            s = s.substring(5);
        }
        String host;
        String portText = "";
        boolean hasPort = false;
        boolean mx;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ] in next hop " + text);
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("text after ] in next hop " + text);
                }
                portText = rest.substring(1);
                hasPort = true;
            }
            if (host.regionMatches(true, 0, "ipv6:", 0, 5)) {
                host = host.substring(5);
            }
            mx = false;
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0) {
                portText = s.substring(colon + 1);
                s = s.substring(0, colon);
                hasPort = true;
            }
            host = s;
            mx = true;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".") && host.length() > 1) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host in next hop " + text);
        }
        if (mx && isAddressLiteral(host) && host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 next hop needs brackets: " + text);
        }
        int port = hasPort ? port(portText, text) : defaultPort;
        return new NextHop(host, port, mx);
    }

    private static int port(String portText, String text) {
        Integer service = SERVICES.get(portText.toLowerCase(Locale.ROOT));
        if (service != null) {
            return service;
        }
        if (!portText.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("bad port in next hop " + text);
        }
        return Integer.parseInt(portText);
    }

    /** Whether {@code host} is an IPv4 or IPv6 address rather than a name. */
    public static boolean isAddressLiteral(String host) {
        return IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
    }

    /** Whether the host is an IP address (then it is used as is, never looked up). */
    public boolean isAddressLiteral() {
        return isAddressLiteral(host);
    }

    /** The canonical text, e.g. {@code b.test:25} or {@code [relay.test]:587}; the connection cache key. */
    public String text() {
        return (mxLookup ? host : "[" + host + "]") + ":" + port;
    }

    /**
     * The keys under which per-destination settings ({@code smtp-tls-policy-maps},
     * {@code smtp-sasl-password-maps}) are looked up, most specific first: {@code [relay.test]:587},
     * {@code [relay.test]}, {@code relay.test}.
     */
    public List<String> lookupKeys() {
        List<String> keys = new ArrayList<>(3);
        keys.add(text());
        if (!mxLookup) {
            keys.add("[" + host + "]");
        }
        keys.add(host);
        return keys;
    }
}
