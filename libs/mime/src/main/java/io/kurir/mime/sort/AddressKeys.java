package io.kurir.mime.sort;

import io.kurir.mime.Address;
import io.kurir.mime.Addresses;
import io.kurir.mime.EncodedWords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The address-based SORT keys, from the first entry of an address header, before case mapping. An absent header,
 * or one without addresses, gives the empty string.
 */
final class AddressKeys {

    private AddressKeys() {
    }

    /**
     * RFC 5256 §3 CC, FROM, TO: the IMAP addr-mailbox (local part) of the first address. As in ENVELOPE, a group's
     * addr-mailbox is its name; a missing local part is empty.
     */
    static String mailbox(Optional<String> header) {
        return first(header).map(address -> {
            if (address instanceof Address.Mailbox m) {
                return utf8(present(m.mailbox(), Address.MISSING_MAILBOX));
            }
            return address instanceof Address.GroupStart g ? utf8(g.name()) : "";
        }).orElse("");
    }

    /**
     * RFC 5957 §3 DISPLAYFROM, DISPLAYTO: the display name of the first address, RFC 2047 decoded, if it is not
     * empty; otherwise its addr-spec ({@code local@domain}). A group's display name is its name (not covered by
     * RFC 5957; the same choice as for addr-mailbox).
     */
    static String display(Optional<String> header) {
        return first(header).map(address -> {
            if (address instanceof Address.Mailbox m) {
                String name = m.name().map(EncodedWords::decodeHeader).orElse("").strip();
                if (!name.isEmpty()) {
                    return name;
                }
                String local = present(m.mailbox(), Address.MISSING_MAILBOX);
                String domain = present(m.host(), Address.MISSING_DOMAIN);
                return utf8(domain.isEmpty() ? local : local + "@" + domain);
            }
            return address instanceof Address.GroupStart g ? EncodedWords.decodeHeader(g.name()).strip() : "";
        }).orElse("");
    }

    private static Optional<Address> first(Optional<String> header) {
        List<Address> addresses = header.map(Addresses::parse).orElse(List.of());
        return addresses.stream().findFirst();
    }

    /** The parser's placeholder for a missing part stands for nothing in a sort key. */
    private static String present(String value, String placeholder) {
        return value.equals(placeholder) ? "" : value;
    }

    private static String utf8(String byteString) {
        return new String(byteString.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
