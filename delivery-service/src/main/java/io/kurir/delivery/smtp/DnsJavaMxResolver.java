package io.kurir.delivery.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link MxResolver} through dnsjava and the system's resolver configuration (/etc/resolv.conf).
 * Names are made absolute so that the search list never turns a missing domain into a query for
 * {@code b.test.corp.example}. Each query may take {@link #TIMEOUT}.
 */
public final class DnsJavaMxResolver implements MxResolver {

    /** How long one query may take before it counts as a temporary failure. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Resolver resolver;

    /** The system's name servers. */
    public DnsJavaMxResolver() {
        this(new ExtendedResolver());
    }

    /** Asks {@code resolver} (e.g. a {@code SimpleResolver} for one server); sets its timeout to {@link #TIMEOUT}. */
    public DnsJavaMxResolver(Resolver resolver) {
        this(resolver, TIMEOUT);
    }

    DnsJavaMxResolver(Resolver resolver, Duration timeout) {
        this.resolver = resolver;
        this.resolver.setTimeout(timeout);
    }

    @Override
    public List<MxRecord> mx(String domain) throws DnsLookupException {
        List<MxRecord> out = new ArrayList<>();
        for (Record r : lookup(domain, Type.MX)) {
            String target = ((MXRecord) r).getTarget().toString(true).toLowerCase(Locale.ROOT);
            out.add(new MxRecord(((MXRecord) r).getPriority(), target.equals(".") ? "" : target));
        }
        return out;
    }

    @Override
    public List<InetAddress> addresses(String host) throws DnsLookupException {
        List<InetAddress> out = new ArrayList<>();
        DnsLookupException notFound = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                for (Record r : lookup(host, type)) {
                    out.add(r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress());
                }
            } catch (DnsLookupException e) {
                if (e.kind() == DnsLookupException.Kind.TRY_AGAIN) {
                    throw e;
                }
                notFound = e;
            }
        }
        if (out.isEmpty() && notFound != null) {
            throw notFound;
        }
        return out;
    }

    private Record[] lookup(String name, int type) throws DnsLookupException {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString(name.endsWith(".") ? name : name + ".", Name.root), type);
        } catch (TextParseException e) {
            throw new DnsLookupException(DnsLookupException.Kind.NOT_FOUND, name + ": not a domain name");
        }
        lookup.setResolver(resolver);
        Record[] records = lookup.run();
        String what = name + " type=" + Type.string(type) + ": ";
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> records;
            case Lookup.TYPE_NOT_FOUND -> new Record[0];
            case Lookup.HOST_NOT_FOUND -> throw new DnsLookupException(DnsLookupException.Kind.NOT_FOUND,
                    what + lookup.getErrorString());
            default -> throw new DnsLookupException(DnsLookupException.Kind.TRY_AGAIN, what + lookup.getErrorString());
        };
    }
}
