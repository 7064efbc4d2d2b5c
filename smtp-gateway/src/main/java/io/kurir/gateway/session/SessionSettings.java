package io.kurir.gateway.session;

import io.kurir.smtp.codec.BareNewline;

/**
 * What one SMTP session needs to know about the server.
 *
 * @param myhostname the name in the greeting, EHLO and error replies
 * @param messageSizeLimit Postfix's message_size_limit in octets; 0 means unlimited
 * @param recipientLimit Postfix's smtpd_recipient_limit
 * @param hardErrorLimit Postfix's smtpd_hard_error_limit: errors before the server hangs up
 * @param bareNewline what to do with a message line that ends in a bare LF (smtpd_forbid_bare_newline)
 */
public record SessionSettings(String myhostname, long messageSizeLimit, int recipientLimit, int hardErrorLimit,
        BareNewline bareNewline) {
}
