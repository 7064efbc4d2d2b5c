package io.kurir.delivery.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An {@link MxResolver} answering from a small zone-like table, for tests and closed test setups:
 *
 * <pre>
 * # comment
 * b.test.      MX   10 mx.b.test.
 * mx.b.test.   A    127.0.0.1
 * x.test.      AAAA ::1
 * fail.test.   SERVFAIL
 * </pre>
 *
 * A name without any line is NXDOMAIN; a {@code SERVFAIL} line makes every lookup of that name a
 * temporary failure; a name with lines but none of the asked type has no data (empty answer).
 * The trailing dot is optional, names are case-insensitive. Immutable and thread-safe.
 */
public final class TableMxResolver implements MxResolver {

    private final Map<String, List<MxRecord>> mx = new HashMap<>();
    private final Map<String, List<InetAddress>> addresses = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> failing = new HashSet<>();

    private TableMxResolver() {
    }

    /**
     * The table in {@code text}.
     *
     * @throws IllegalArgumentException naming the line that is not understood
     */
    public static TableMxResolver parse(String text) {
        TableMxResolver table = new TableMxResolver();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                table.add(line.split("\\s+"));
            } catch (IllegalArgumentException | UnknownHostException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + line + ": " + e.getMessage(), e);
            }
        }
        return table;
    }

    /** The table in the file {@code path} (UTF-8). */
    public static TableMxResolver load(Path path) throws IOException {
        return parse(Files.readString(path, StandardCharsets.UTF_8));
    }

    private void add(String[] f) throws UnknownHostException {
        if (f.length < 2) {
            throw new IllegalArgumentException("expected: name TYPE data");
        }
        String name = name(f[0]);
        String type = f[1].toUpperCase(Locale.ROOT);
        names.add(name);
        switch (type) {
            case "MX" -> {
                expect(f, 4);
                mx.computeIfAbsent(name, k -> new ArrayList<>()).add(new MxRecord(Integer.parseInt(f[2]), name(f[3])));
            }
            case "A", "AAAA" -> {
                expect(f, 3);
                boolean v4 = f[2].indexOf(':') < 0;
                if (!NextHop.isAddressLiteral(f[2].toLowerCase(Locale.ROOT)) || v4 != type.equals("A")) {
                    throw new IllegalArgumentException("not an " + (type.equals("A") ? "IPv4" : "IPv6") + " address");
                }
                // a literal: InetAddress parses it without any lookup
                addresses.computeIfAbsent(name, k -> new ArrayList<>()).add(InetAddress.getByName(f[2]));
            }
            case "SERVFAIL" -> {
                expect(f, 2);
                failing.add(name);
            }
            default -> throw new IllegalArgumentException("unknown type " + f[1]);
        }
    }

    private static void expect(String[] f, int n) {
        if (f.length != n) {
            throw new IllegalArgumentException("expected " + n + " fields");
        }
    }

    private static String name(String text) {
        String n = text.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    @Override
    public List<MxRecord> mx(String domain) throws DnsLookupException {
        String name = check(domain, "MX");
        return List.copyOf(mx.getOrDefault(name, List.of()));
    }

    @Override
    public List<InetAddress> addresses(String host) throws DnsLookupException {
        String name = check(host, "A");
        return List.copyOf(addresses.getOrDefault(name, List.of()));
    }

    private String check(String query, String type) throws DnsLookupException {
        String name = name(query);
        if (failing.contains(name)) {
            throw new DnsLookupException(DnsLookupException.Kind.TRY_AGAIN, name + " type=" + type + ": SERVFAIL");
        }
        if (!names.contains(name)) {
            throw new DnsLookupException(DnsLookupException.Kind.NOT_FOUND, name + " type=" + type + ": NXDOMAIN");
        }
        return name;
    }
}
