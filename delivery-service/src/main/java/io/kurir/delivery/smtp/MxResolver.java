package io.kurir.delivery.smtp;

import java.net.InetAddress;
import java.util.List;

/**
 * The DNS questions the SMTP client asks. Names are absolute (never completed with a search list).
 * {@link RoutePlanner} applies the RFC 5321 / RFC 7505 rules on top.
 *
 * <p>Failure semantics: a name that does not exist (NXDOMAIN) throws {@link DnsLookupException}
 * of kind {@code NOT_FOUND}; a temporary failure (SERVFAIL, timeout) throws kind
 * {@code TRY_AGAIN}; a name that exists without records of the asked type returns an empty list.
 * Implementations are thread-safe.
 */
public interface MxResolver {

    /** The MX records of {@code domain}, in no particular order. */
    List<MxRecord> mx(String domain) throws DnsLookupException;

    /** The A and AAAA addresses of {@code host}. */
    List<InetAddress> addresses(String host) throws DnsLookupException;
}
