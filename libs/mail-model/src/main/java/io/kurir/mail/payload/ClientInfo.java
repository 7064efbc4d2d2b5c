package io.kurir.mail.payload;

/**
 * Who handed a message to Kurir, for the Received header and the logs.
 *
 * @param helo the HELO/EHLO argument
 * @param address the client's IP address, e.g. {@code 127.0.0.1}
 * @param hostname the client's verified host name, or {@code unknown} (Postfix's convention)
 * @param protocol {@code SMTP}, {@code ESMTP}, {@code ESMTPS}, {@code ESMTPSA} or {@code LOCAL}
 */
public record ClientInfo(String helo, String address, String hostname, String protocol) {

    public ClientInfo {
        Payloads.require(helo, "helo");
        Payloads.require(address, "address");
        Payloads.require(hostname, "hostname");
        Payloads.require(protocol, "protocol");
    }
}
