package io.kurir.gateway.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw TCP SMTP client for wire tests: writes exact bytes, reads whole (multi-line) replies. */
final class SmtpWire implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SmtpWire(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** A connection from another loopback address, e.g. 127.0.0.9: a client outside mynetworks in tests. */
    static SmtpWire from(String localAddress, int port) throws IOException {
        return new SmtpWire(new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                java.net.InetAddress.getByName(localAddress), 0));
    }

    SmtpWire(Socket connected) throws IOException {
        use(connected);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** After "220 2.0.0 Ready to start TLS": the TLS handshake over this connection. */
    void startTls() throws Exception {
        use(TrustAll.upgrade(socket));
    }

    Socket socket() {
        return socket;
    }

    /** Sends a line with CRLF and returns the reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    void send(String raw) throws IOException {
        sendBytes(raw.getBytes(StandardCharsets.UTF_8));
    }

    void sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** One complete reply; lines joined with "\n", no trailing newline. */
    String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed; got so far: " + all);
            }
            all.append(all.length() == 0 ? "" : "\n").append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    /** True when the server closed the connection (reads EOF within the timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private String line() throws IOException {
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
