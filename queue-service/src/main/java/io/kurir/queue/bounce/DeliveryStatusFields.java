package io.kurir.queue.bounce;

import static io.kurir.queue.bounce.FieldText.CRLF;

import java.time.ZoneId;
import java.util.Locale;

/**
 * The second part of a notice, {@code message/delivery-status} (RFC 3464 section 2): per-message fields,
 * then one group of per-recipient fields for each recipient, groups separated by an empty line.
 *
 * <p>In global mode ({@code message/global-delivery-status}, RFC 6533 section 6.2) a non-ASCII address
 * is written with the {@code utf-8} address type (RFC 6533 section 3) in its plain UTF-8 form, and
 * diagnostics keep their UTF-8; otherwise every field is ASCII and any other character becomes {@code ?}.
 */
final class DeliveryStatusFields {

    private DeliveryStatusFields() {
    }

    /** The fields, CRLF line endings, ending with CRLF. */
    static String render(BounceRequest r, String myhostname, String queueId, boolean global, ZoneId zone) {
        StringBuilder d = new StringBuilder(512);
        // RFC 3464 section 2.2: per-message fields, in the order of its grammar
        r.envid().map(FieldText::cleanAscii).filter(e -> !e.isEmpty())
                .ifPresent(e -> line(d, "Original-Envelope-Id", e)); // section 2.2.1
        line(d, "Reporting-MTA", "dns; " + myhostname); // section 2.2.2
        line(d, "X-Postfix-Queue-ID", queueId); // section 2.2.5 allows extension fields
        if (!r.sender().isEmpty()) {
            line(d, "X-Postfix-Sender", typed(r.sender(), global));
        }
        line(d, "Arrival-Date", FieldText.date(r.arrivalDate(), zone)); // section 2.2.5
        for (DsnRecipient rcpt : r.recipients()) {
            d.append(CRLF); // section 2.1: a blank line before each per-recipient group
            // RFC 3464 section 2.3, in the order of its grammar
            rcpt.originalRecipient().map(o -> original(o, global)).filter(o -> !o.isEmpty())
                    .ifPresent(o -> line(d, "Original-Recipient", o)); // section 2.3.1
            line(d, "Final-Recipient", typed(rcpt.finalRecipient(), global)); // section 2.3.2
            line(d, "Action", rcpt.action().keyword()); // section 2.3.3
            line(d, "Status", rcpt.status()); // section 2.3.4
            rcpt.remoteMta().map(FieldText::cleanAscii).filter(m -> !m.isEmpty())
                    .ifPresent(m -> line(d, "Remote-MTA", "dns; " + m)); // section 2.3.5
            String text = global ? FieldText.clean(rcpt.diagnostic().text())
                    : FieldText.cleanAscii(rcpt.diagnostic().text());
            line(d, "Diagnostic-Code", rcpt.diagnostic().type() + "; " + text); // section 2.3.6
            line(d, "Last-Attempt-Date", FieldText.date(rcpt.lastAttempt(), zone)); // section 2.3.7
            if (rcpt.action() == DsnAction.DELAYED) { // section 2.3.9: only for delayed recipients
                rcpt.willRetryUntil().ifPresent(u -> line(d, "Will-Retry-Until", FieldText.date(u, zone)));
            }
        }
        return d.toString();
    }

    /** Whether an address needs the {@code utf-8} type (RFC 6533 section 3) and so a global report. */
    static boolean needsUtf8(String address) {
        return !FieldText.isAscii(FieldText.clean(address));
    }

    /** {@code rfc822; a@b} (RFC 3464 section 2.3.2), or {@code utf-8; ...} for a non-ASCII address. */
    private static String typed(String address, boolean global) {
        String a = FieldText.clean(address);
        if (FieldText.isAscii(a)) {
            return "rfc822; " + a;
        }
        return "utf-8; " + (global ? a : FieldText.cleanAscii(a));
    }

    /** The ORCPT as given ({@code addr-type;address}, RFC 3461 section 4.2), its type fixed up. */
    private static String original(String typedAddress, boolean global) {
        String o = FieldText.clean(typedAddress);
        int semi = o.indexOf(';');
        if (semi <= 0) {
            return o.isEmpty() ? "" : typed(o, global).replace("; ", ";");
        }
        String type = o.substring(0, semi).trim();
        String address = o.substring(semi + 1).trim();
        if (address.isEmpty()) {
            return "";
        }
        if (!FieldText.isAscii(address)) {
            type = "utf-8"; // RFC 6533 section 3: rfc822 addresses are ASCII
            address = global ? address : FieldText.cleanAscii(address);
        } else if (type.equalsIgnoreCase("rfc822")) {
            type = "rfc822";
        }
        return type.toLowerCase(Locale.ROOT).equals("utf-8") ? "utf-8;" + address : type + ";" + address;
    }

    private static void line(StringBuilder d, String name, String value) {
        d.append(FieldText.field(name, value)).append(CRLF);
    }
}
