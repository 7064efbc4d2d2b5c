package io.kurir.mime;

import java.util.List;

/**
 * Address lists of header fields such as From, To and Cc, read exactly as ENVELOPE reads them (RFC 5322 §3.4 with
 * the §4.4 obsolete forms), for code outside this package (SORT's address keys).
 */
public final class Addresses {

    private Addresses() {
    }

    /**
     * The addresses in a field value held as a byte string ({@link HeaderField#value()}); strings in the result are
     * byte strings too, encoded words undecoded. Never throws: garbage gives the addresses read before it.
     */
    public static List<Address> parse(String byteString) {
        return AddressParser.parse(byteString);
    }
}
