package io.kurir.imap.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A raw POP3 client for wire-script tests: sends exact lines, reads single-line and multi-line answers. */
final class Pop3Wire implements AutoCloseable {

    private final ImapWire wire;

    private Pop3Wire(ImapWire wire) {
        this.wire = wire;
    }

    static Pop3Wire connect(int port) throws IOException {
        return new Pop3Wire(new ImapWire(port));
    }

    /** From another loopback address, e.g. 127.0.0.9: a client outside the tests' mynetworks. */
    static Pop3Wire from(String localAddress, int port) throws IOException {
        return new Pop3Wire(ImapWire.from(localAddress, port));
    }

    /** Implicit TLS (port 995), trusting the server's self-signed certificate. */
    static Pop3Wire tls(int port) throws IOException {
        return new Pop3Wire(ImapWire.tls(port));
    }

    void startTls() throws IOException {
        wire.startTls();
    }

    String tlsProtocol() {
        return wire.tlsProtocol();
    }

    void send(String raw) throws IOException {
        wire.send(raw);
    }

    /** The next line without CRLF, or null when the server closed the connection. */
    String line() throws IOException {
        return wire.line();
    }

    /** Sends a command line and answers the one-line reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return line();
    }

    /** Sends a command and reads a multi-line answer: the status line and the lines as sent (still byte-stuffed), without the final ".". */
    List<String> multi(String line) throws IOException {
        send(line + "\r\n");
        return rest(line());
    }

    /** The lines after a status line up to the "." line; only the status line when it is not +OK. */
    List<String> rest(String status) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(status);
        if (status == null || !status.startsWith("+OK")) {
            return lines;
        }
        for (String l = line(); !".".equals(l); l = line()) {
            if (l == null) {
                throw new IOException("connection closed in a multi-line answer; got " + lines);
            }
            lines.add(l);
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        wire.close();
    }
}
