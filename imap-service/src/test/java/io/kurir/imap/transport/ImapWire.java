package io.kurir.imap.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw IMAP client for wire-script tests: sends exact lines, reads responses up to the tagged one. */
final class ImapWire implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    ImapWire(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** From another loopback address, e.g. 127.0.0.9: a client outside mynetworks in tests. */
    static ImapWire from(String localAddress, int port) throws IOException {
        return new ImapWire(new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                java.net.InetAddress.getByName(localAddress), 0));
    }

    /** Implicit TLS (port 993), trusting the server's self-signed certificate. */
    static ImapWire tls(int port) throws IOException {
        var ssl = (javax.net.ssl.SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", port);
        ssl.startHandshake();
        return new ImapWire(ssl);
    }

    /** After the server's OK to STARTTLS: the TLS handshake on the same connection. */
    void startTls() throws IOException {
        var ssl = (javax.net.ssl.SSLSocket) trustAll().getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        ssl.startHandshake();
        socket = ssl;
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** The protocol the TLS session negotiated, e.g. TLSv1.3. */
    String tlsProtocol() {
        return ((javax.net.ssl.SSLSocket) socket).getSession().getProtocol();
    }

    private static javax.net.ssl.SSLContext trustAll() throws IOException {
        try {
            var context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private ImapWire(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A line as sent (CRLF added), literals included as text. */
    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends "tag command" and returns every line up to and including the tagged response. */
    List<String> command(String tag, String command) throws IOException {
        send(tag + " " + command + "\r\n");
        return until(tag);
    }

    List<String> until(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed; got " + lines);
            }
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
