package io.kurir.gateway.policy;

import io.kurir.smtp.codec.SmtpReply;

/** The answer of a policy check (smtpd restrictions): accept, or reject with the reply to send. */
public sealed interface PolicyResult {

    record Accept() implements PolicyResult {
    }

    /** Rejected; the reply says whether it is temporary (4xx) or permanent (5xx). */
    record Reject(SmtpReply reply) implements PolicyResult {
    }

    static PolicyResult accept() {
        return new Accept();
    }

    static PolicyResult reject(SmtpReply reply) {
        return new Reject(reply);
    }
}
