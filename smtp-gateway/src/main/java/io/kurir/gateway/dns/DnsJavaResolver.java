package io.kurir.gateway.dns;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** DNS through dnsjava and the system's resolver configuration (/etc/resolv.conf). */
@ApplicationScoped
@DefaultBean
public class DnsJavaResolver implements DnsResolver {

    @Override
    public List<String> addresses(String name) throws DnsException {
        List<String> out = new ArrayList<>();
        for (Record r : lookup(name, Type.A)) {
            out.add(((ARecord) r).getAddress().getHostAddress());
        }
        return out;
    }

    @Override
    public List<String> texts(String name) throws DnsException {
        List<String> out = new ArrayList<>();
        for (Record r : lookup(name, Type.TXT)) {
            out.add(String.join("", ((TXTRecord) r).getStrings()));
        }
        return out;
    }

    /** How long one query may take before it counts as a failure. */
    static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(5);

    public DnsJavaResolver() {
        Lookup.getDefaultResolver().setTimeout(TIMEOUT);
    }

    private static Record[] lookup(String name, int type) throws DnsException {
        Lookup lookup;
        try {
            // absolute: the resolv.conf search list must not turn "not listed" into more queries or wildcard hits
            lookup = new Lookup(org.xbill.DNS.Name.fromString(name.endsWith(".") ? name : name + ".", org.xbill.DNS.Name.root), type);
        } catch (TextParseException e) {
            return new Record[0];
        }
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> records;
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> new Record[0];
            default -> throw new DnsException(name + ": " + lookup.getErrorString());
        };
    }
}
