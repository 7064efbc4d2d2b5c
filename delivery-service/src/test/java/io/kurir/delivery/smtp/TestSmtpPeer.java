package io.kurir.delivery.smtp;

import io.kurir.tls.TlsMaterial;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scripted SMTP server for the client's tests: listens on a loopback address, one thread per
 * connection, answers each command from its {@link Script} and records what the client sent:
 * command lines, the DATA bytes exactly as received, which commands came in one pipelined group,
 * and protocol violations (sending ahead without PIPELINING, bare LF in DATA).
 */
final class TestSmtpPeer implements AutoCloseable {

    /** A reply that is never sent: the peer goes silent from there on. */
    static final String HANG = "HANG";
    /** A reply that is never sent: the peer closes the connection instead. */
    static final String CLOSE = "CLOSE";

    /** How the peer answers; change before the client connects. */
    static final class Script {
        String greeting = "220 peer.test ESMTP Kurir test peer";
        List<String> keywords = new ArrayList<>(List.of("PIPELINING", "SIZE 10240000", "8BITMIME",
                "ENHANCEDSTATUSCODES", "DSN", "SMTPUTF8"));
        /** A whole EHLO reply instead of the generated one (e.g. a 502). */
        String ehlo;
        String mail = "250 2.1.0 Ok";
        Function<String, String> rcpt = address -> "250 2.1.5 Ok";
        String data = "354 End data with <CR><LF>.<CR><LF>";
        String dot;
        /** After the 354 to DATA, stop reading (the client's writes then block) until the peer is closed. */
        boolean stallAfterData;
        /** Offers STARTTLS with this server context. */
        SSLContext tls;
        /** Offers AUTH with {@link #authMechanisms} and accepts this {@code user:password}. */
        String auth;
        String authMechanisms = "PLAIN LOGIN";

        Script without(String keyword) {
            keywords.removeIf(k -> k.split(" ")[0].equalsIgnoreCase(keyword));
            return this;
        }
    }

    /** What happened on one connection. */
    static final class Session {
        final List<String> commands = new CopyOnWriteArrayList<>();
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final List<List<String>> pipelinedGroups = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        volatile String tlsProtocol;

        String message(int i) {
            return new String(messages.get(i), StandardCharsets.UTF_8);
        }
    }

    final Script script = new Script();
    private final ServerSocket server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
    private int queued;
    private final java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);

    /** A peer on 127.0.0.1, any free port. */
    TestSmtpPeer() throws IOException {
        this(InetAddress.getByName("127.0.0.1"), 0);
    }

    TestSmtpPeer(InetAddress address, int port) throws IOException {
        server = new ServerSocket();
        // small, so that a peer that stops reading soon blocks the client's writes (inherited by accepted sockets)
        server.setReceiveBufferSize(64 * 1024);
        server.bind(new InetSocketAddress(address, port), 50);
        Thread t = new Thread(this::acceptLoop, "test-smtp-peer-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    List<Session> sessions() {
        return Collections.unmodifiableList(sessions);
    }

    /** Session {@code i}, once it has received a command starting with {@code prefix} (waits up to 10 s). */
    Session awaitCommand(int i, String prefix) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        synchronized (sessions) {
            while (sessions.size() <= i || sessions.get(i).commands.stream().noneMatch(c -> c.startsWith(prefix))) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AssertionError("session " + i + " never received " + prefix + "; sessions: " + describe());
                }
                sessions.wait(left);
            }
            return sessions.get(i);
        }
    }

    private void record(Session session, String command) {
        session.commands.add(command);
        synchronized (sessions) {
            sessions.notifyAll();
        }
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        for (Session s : sessions) {
            b.append(s.commands).append(' ').append(s.violations).append("; ");
        }
        return b.toString();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Session session = new Session();
                sessions.add(session);
                open.put(s, true);
                Thread t = new Thread(() -> serve(s, session), "test-smtp-peer-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, Session session) {
        try (socket) {
            new Conversation(socket, session).run();
        } catch (IOException | RuntimeException e) {
            // the client went away, or the test is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    /** One connection's conversation. */
    private final class Conversation {
        private Socket socket;
        private final Session session;
        private BufferedInputStream in;
        private OutputStream out;
        private boolean mailOk;
        private int rcptOk;

        Conversation(Socket socket, Session session) throws IOException {
            this.socket = socket;
            this.session = session;
            streams();
        }

        private void streams() throws IOException {
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void run() throws IOException, InterruptedException {
            if (!send(script.greeting)) {
                return;
            }
            for (String line = line(); line != null; line = line()) {
                String verb = verb(line);
                if (!script.keywords.contains("PIPELINING") && in.available() > 0 && !verb.equals("QUIT")) {
                    session.violations.add("sent ahead without PIPELINING after " + line);
                }
                if (verb.equals("MAIL") && script.keywords.contains("PIPELINING")) {
                    if (!pipelinedGroup(line)) {
                        return;
                    }
                    continue;
                }
                record(session, line);
                if (!answer(line, verb)) {
                    return;
                }
            }
        }

        /** RFC 2920: read MAIL, the RCPTs and DATA before answering any, then answer them in order. */
        private boolean pipelinedGroup(String mailLine) throws IOException, InterruptedException {
            List<String> group = new ArrayList<>(List.of(mailLine));
            int before = socket.getSoTimeout();
            socket.setSoTimeout(5000);
            try {
                while (!verb(group.get(group.size() - 1)).equals("DATA")) {
                    String next = line();
                    if (next == null) {
                        return false;
                    }
                    group.add(next);
                }
            } catch (SocketTimeoutException e) {
                session.violations.add("client waited for a reply within a pipelined group " + group);
            } finally {
                socket.setSoTimeout(before);
            }
            session.pipelinedGroups.add(group);
            for (String line : group) {
                record(session, line);
                if (!answer(line, verb(line))) {
                    return false;
                }
            }
            return true;
        }

        private boolean answer(String line, String verb) throws IOException, InterruptedException {
            switch (verb) {
                case "EHLO" -> {
                    return send(script.ehlo != null ? script.ehlo : ehlo());
                }
                case "HELO" -> {
                    return send("250 peer.test");
                }
                case "STARTTLS" -> {
                    if (!send("220 2.0.0 Ready to start TLS")) {
                        return false;
                    }
                    SSLSocket ssl = (SSLSocket) script.tls.getSocketFactory().createSocket(socket,
                            socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    session.tlsProtocol = ssl.getSession().getProtocol();
                    socket = ssl;
                    streams();
                    return true;
                }
                case "AUTH" -> {
                    return send(auth(line) ? "235 2.7.0 Authentication successful"
                            : "535 5.7.8 Error: authentication failed");
                }
                case "MAIL" -> {
                    mailOk = script.mail.startsWith("2");
                    rcptOk = 0;
                    return send(script.mail);
                }
                case "RCPT" -> {
                    if (!mailOk) {
                        return send("503 5.5.1 Error: need MAIL command");
                    }
                    String reply = script.rcpt.apply(line.substring(line.indexOf('<') + 1, line.indexOf('>')));
                    rcptOk += reply.startsWith("2") ? 1 : 0;
                    return send(reply);
                }
                case "DATA" -> {
                    if (!mailOk || rcptOk == 0) {
                        return send("554 5.5.1 Error: no valid recipients");
                    }
                    if (!send(script.data)) {
                        return false;
                    }
                    if (!script.data.startsWith("354")) {
                        return true;
                    }
                    if (script.stallAfterData) {
                        stalled.await();
                        return false;
                    }
                    session.messages.add(data());
                    record(session, ".");
                    mailOk = false;
                    return send(script.dot != null ? script.dot : "250 2.0.0 Ok: queued as Q" + (++queued));
                }
                case "RSET" -> {
                    mailOk = false;
                    return send("250 2.0.0 Ok");
                }
                case "NOOP" -> {
                    return send("250 2.0.0 Ok");
                }
                case "QUIT" -> {
                    send("221 2.0.0 Bye");
                    return false;
                }
                default -> {
                    return send("502 5.5.2 Error: command not recognized");
                }
            }
        }

        private String ehlo() {
            List<String> kw = new ArrayList<>(script.keywords);
            if (script.tls != null && session.tlsProtocol == null) {
                kw.add("STARTTLS");
            }
            if (script.auth != null) {
                kw.add("AUTH " + script.authMechanisms);
            }
            StringBuilder b = new StringBuilder("250");
            b.append(kw.isEmpty() ? " " : "-").append("peer.test");
            for (int i = 0; i < kw.size(); i++) {
                b.append("\r\n250").append(i == kw.size() - 1 ? " " : "-").append(kw.get(i));
            }
            return b.toString();
        }

        private boolean auth(String line) throws IOException {
            String[] w = line.split(" ");
            String credentials;
            if (w[1].equalsIgnoreCase("PLAIN") && w.length == 3) {
                String[] parts = decode(w[2]).split("\0", -1);
                credentials = parts.length == 3 ? parts[1] + ":" + parts[2] : "";
            } else if (w[1].equalsIgnoreCase("LOGIN")) {
                send("334 VXNlcm5hbWU6");
                String user = decode(line());
                send("334 UGFzc3dvcmQ6");
                credentials = user + ":" + decode(line());
            } else {
                return false;
            }
            return credentials.equals(script.auth);
        }

        private static String decode(String b64) {
            return new String(Base64.getDecoder().decode(b64.strip()), StandardCharsets.UTF_8);
        }

        /** DATA up to the line with the lone dot, exactly as received (still dot-stuffed). */
        private byte[] data() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                byte[] line = rawLine();
                if (line.length == 0) {
                    throw new IOException("connection closed within DATA");
                }
                if (line.length < 2 || line[line.length - 2] != '\r' || line[line.length - 1] != '\n') {
                    session.violations.add("bare LF in DATA");
                }
                for (int i = 0; i < line.length - 2; i++) {
                    if (line[i] == '\r') {
                        session.violations.add("bare CR in DATA");
                    }
                }
                if (line.length == 3 && line[0] == '.') {
                    return message.toByteArray();
                }
                message.write(line);
            }
        }

        private byte[] rawLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            return line.toByteArray();
        }

        private String line() throws IOException {
            byte[] raw = rawLine();
            if (raw.length == 0) {
                return null;
            }
            String s = new String(raw, StandardCharsets.UTF_8);
            return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.strip();
        }

        /** Sends a reply (lines separated by CRLF); false after {@link #HANG}: then the peer only listens. */
        private boolean send(String reply) throws IOException {
            if (reply.equals(CLOSE)) {
                socket.close();
                return false;
            }
            if (reply.equals(HANG)) {
                while (in.read() >= 0) {
                    // silent until the client gives up
                }
                return false;
            }
            out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        }

        private static String verb(String line) {
            int sp = line.indexOf(' ');
            String v = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
            return v.startsWith("MAIL") ? "MAIL" : v.startsWith("RCPT") ? "RCPT" : v;
        }
    }

    /** Closes the open connections from the server side; the listener stays. */
    void dropConnections() throws IOException {
        for (Socket s : open.keySet()) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        stalled.countDown();
        server.close();
        for (Socket s : open.keySet()) {
            s.close();
        }
    }

    private static SSLContext selfSigned;

    /** A server TLS context with a self-signed certificate for peer.test (made once per test run). */
    static synchronized SSLContext selfSignedTls() throws Exception {
        if (selfSigned == null) {
            TlsMaterial m = TlsMaterial.selfSigned("peer.test");
            Certificate cert = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(m.certificatePem().getBytes(StandardCharsets.US_ASCII)));
            String pem = m.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pass = "peer".toCharArray();
            ks.setKeyEntry("peer", key, pass, new Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            selfSigned = context;
        }
        return selfSigned;
    }
}
