package io.kurir.queue.bounce;

import static io.kurir.queue.bounce.FieldText.CRLF;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The first, human-readable part of a notice (RFC 6522 section 3; RFC 3464 section 2 asks that it explain
 * the problem in plain words). The wording follows the shape of Postfix's bounce(5) templates — a
 * greeting naming the host, a paragraph per kind, a signature, then one line per recipient — in Kurir's
 * own words.
 */
final class NoticeText {

    private static final String SIGNATURE = "                   The mail system";

    private NoticeText() {
    }

    /** The text, CRLF line endings, ending with CRLF. */
    static String render(BounceRequest r, String myhostname, Returned returned, int sizeLimit, Instant now,
            ZoneId zone) {
        StringBuilder t = new StringBuilder(1024);
        t.append("This is the mail system at host ").append(myhostname).append('.').append(CRLF).append(CRLF);
        switch (r.kind()) {
            case FAILURE -> failure(t, returned, sizeLimit);
            case DELAY -> delay(t, r, now, zone);
            case SUCCESS -> success(t);
            case POSTMASTER_COPY -> postmaster(t, r);
        }
        t.append(CRLF).append(SIGNATURE).append(CRLF).append(CRLF);
        for (DsnRecipient rcpt : r.recipients()) {
            t.append(FieldText.wrap(line(rcpt))).append(CRLF);
        }
        return t.toString();
    }

    private static void failure(StringBuilder t, Returned returned, int sizeLimit) {
        t.append("I'm sorry to have to inform you that your message could not").append(CRLF);
        t.append(switch (returned) {
            case MESSAGE -> "be delivered to one or more recipients. It's attached below.";
            case HEADERS -> "be delivered to one or more recipients. Its headers are attached below.";
            case HEADERS_TOO_LARGE -> "be delivered to one or more recipients. Its headers are attached\r\n"
                    + "below; the message itself was larger than " + sizeLimit + " bytes and is not\r\n"
                    + "returned.";
        }).append(CRLF).append(CRLF);
        t.append("If you need help with this, write to the postmaster of this site").append(CRLF);
        t.append("and include this report; the returned message may be left out.").append(CRLF);
    }

    private static void delay(StringBuilder t, BounceRequest r, Instant now, ZoneId zone) {
        t.append("This is only a warning; you do not need to send your message again.").append(CRLF).append(CRLF);
        long hours = Math.max(0, Duration.between(r.arrivalDate(), now).toHours());
        t.append("Your message could not yet be delivered to the recipients listed").append(CRLF);
        t.append("below. It has been in the queue for ").append(hours).append(hours == 1 ? " hour" : " hours");
        Optional<Instant> until = r.recipients().stream().map(DsnRecipient::willRetryUntil).flatMap(Optional::stream)
                .max(Instant::compareTo);
        if (until.isPresent()) {
            t.append(", and").append(CRLF).append("delivery will be tried again until ")
                    .append(FieldText.date(until.get(), zone)).append('.').append(CRLF);
        } else {
            t.append(";").append(CRLF).append("delivery will be tried again.").append(CRLF);
        }
        t.append("Only if it fails for good will you get another notice.").append(CRLF);
    }

    private static void success(StringBuilder t) {
        t.append("Your message was delivered to the destinations listed below.").append(CRLF);
        t.append("Where it was delivered into a mailbox, nothing more will be").append(CRLF);
        t.append("reported. Where it was passed on to another mail system, that").append(CRLF);
        t.append("system may still send you notices about it.").append(CRLF);
    }

    private static void postmaster(StringBuilder t, BounceRequest r) {
        t.append("This copy is for the postmaster. The message whose headers are").append(CRLF);
        t.append("attached below could not be delivered, and no notice about it").append(CRLF);
        t.append("can reach its sender").append(r.sender().isEmpty() ? " (it was itself a notice)" : "")
                .append('.').append(CRLF);
        if (!r.sender().isEmpty()) {
            t.append(CRLF).append(FieldText.wrap("Sender: <" + FieldText.clean(r.sender()) + ">")).append(CRLF);
        }
    }

    /** {@code <final> (expanded from <original>): reason}. */
    private static String line(DsnRecipient rcpt) {
        String address = FieldText.clean(rcpt.finalRecipient());
        StringBuilder b = new StringBuilder("<").append(address).append('>');
        rcpt.originalRecipient().map(NoticeText::addressPart).map(FieldText::clean)
                .filter(o -> !o.isEmpty() && !o.equalsIgnoreCase(address))
                .ifPresent(o -> b.append(" (expanded from <").append(o).append(">)"));
        return b.append(": ").append(FieldText.clean(rcpt.reason())).toString();
    }

    private static String addressPart(String typed) {
        int semi = typed.indexOf(';');
        return semi < 0 ? typed : typed.substring(semi + 1);
    }
}
