package io.kurir.delivery.smtp;

import io.kurir.mail.payload.DeliveryReport.Outcome;
import java.util.List;

/**
 * What {@link SmtpClient#deliver} did: one outcome per recipient, in the order given.
 *
 * @param destinationFailed the destination itself failed (no address answered, every session
 *        failed before a reply to MAIL FROM, a 421, a temporary DNS failure), as opposed to
 *        replies about recipients; see {@link io.kurir.mail.payload.DeliveryReport#destinationFailed()}
 */
public record DeliveryAttempt(List<Outcome> outcomes, boolean destinationFailed) {

    public DeliveryAttempt {
        outcomes = List.copyOf(outcomes);
    }
}
