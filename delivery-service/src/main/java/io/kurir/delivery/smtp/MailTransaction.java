package io.kurir.delivery.smtp;

import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.Recipient;
import io.kurir.smtp.codec.Xtext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * One mail transaction (RFC 5321 section 3.3) on a ready connection: MAIL FROM, RCPT TO for each
 * recipient, DATA and the message; pipelined (RFC 2920) when the server offers PIPELINING. Gives
 * every recipient an outcome. A failure before the reply to MAIL FROM, or a 421 to it, is a
 * {@link SessionFailure} (nothing was delivered; the caller may try another server); after it,
 * the recipients still waiting are deferred with the failure.
 */
final class MailTransaction {

    /** What happened, and whether the connection is still in step and can carry another transaction. */
    record Result(List<Outcome> outcomes, boolean reusable) {
    }

    /** The message and its envelope. {@code dsnRet} and {@code dsnEnvid} are null when the client gave none. */
    record Envelope(String sender, List<Recipient> recipients, byte[] data, boolean eightBit, boolean smtputf8,
            String dsnRet, String dsnEnvid) {

        /** The message size for SIZE (RFC 1870 section 3): the octets after DATA, less the final dot line. */
        long size() {
            return data.length - 3L;
        }
    }

    private final SmtpConnection conn;
    private final Envelope env;
    private final Target target;
    private final Outcome[] outcomes;

    MailTransaction(SmtpConnection conn, Envelope env) {
        this.conn = conn;
        this.env = env;
        this.target = conn.target();
        this.outcomes = new Outcome[env.recipients().size()];
    }

    Result run() throws SessionFailure {
        EhloFeatures f = conn.features();
        // RFC 6531 section 3.4: a message that needs SMTPUTF8 must not go to a server without it
        if (env.smtputf8() && !f.has("SMTPUTF8")) {
            return all(false, "5.6.7", "SMTPUTF8 is required, but was not offered by host " + target.label());
        }
        // RFC 1870 section 6.1: do not send what the server said it would not take
        OptionalLong limit = f.sizeLimit();
        if (limit.isPresent() && env.size() > limit.getAsLong()) {
            return all(false, "5.3.4", "message size " + env.size() + " exceeds size limit " + limit.getAsLong()
                    + " of server " + target.label());
        }
        List<String> rcpts = env.recipients().stream().map(r -> rcptCommand(r, f)).toList();
        boolean pipelining = f.has("PIPELINING");
        conn.countTransaction();
        ServerReply mail;
        if (pipelining) {
            // RFC 2920 section 3.1: MAIL, the RCPTs and DATA in one write; DATA is last in the group
            StringBuilder batch = new StringBuilder(mailCommand(f)).append("\r\n");
            rcpts.forEach(r -> batch.append(r).append("\r\n"));
            batch.append("DATA\r\n");
            conn.write(batch.toString(), Stage.MAIL);
            mail = conn.read(Stage.MAIL);
        } else {
            mail = conn.command(mailCommand(f), Stage.MAIL);
        }
        if (mail.code() == 421) {
            throw SessionFailure.rejected(target, mail, Stage.MAIL);
        }
        try {
            return afterMail(mail, rcpts, pipelining);
        } catch (SessionFailure e) {
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = withRemote(Outcome.deferred(address(i), e.dsnStatus(), e.relay(), e.diagnostic()), e);
                }
            }
            return new Result(List.of(outcomes), false);
        }
    }

    private Result afterMail(ServerReply mail, List<String> rcpts, boolean pipelining) throws SessionFailure {
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < rcpts.size(); i++) {
            if (!mail.positive() && !pipelining) {
                break;
            }
            ServerReply r = pipelining ? conn.read(Stage.RCPT) : conn.command(rcpts.get(i), Stage.RCPT);
            if (!mail.positive()) {
                continue; // replies to pipelined RCPTs after a rejected MAIL: read, not used
            }
            abortOn421(r, Stage.RCPT);
            if (r.positive()) {
                accepted.add(i);
            } else {
                outcomes[i] = rejected(i, r, Stage.RCPT);
            }
        }
        if (!mail.positive()) {
            if (pipelining) {
                endUnwantedData(conn.read(Stage.DATA));
            }
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = rejected(i, mail, Stage.MAIL);
            }
            return new Result(List.of(outcomes), true);
        }
        if (accepted.isEmpty() && !pipelining) {
            return new Result(List.of(outcomes), true);
        }
        ServerReply data = pipelining ? conn.read(Stage.DATA) : conn.command("DATA", Stage.DATA);
        if (accepted.isEmpty()) {
            // RFC 2920 section 3.1: a server should reject DATA when no RCPT was accepted
            endUnwantedData(data);
            return new Result(List.of(outcomes), true);
        }
        abortOn421(data, Stage.DATA);
        if (data.code() != 354) {
            accepted.forEach(i -> outcomes[i] = rejected(i, data, Stage.DATA));
            return new Result(List.of(outcomes), true);
        }
        conn.write(env.data(), Stage.BODY);
        ServerReply done = conn.read(Stage.DOT);
        abortOn421(done, Stage.DOT);
        for (int i : accepted) {
            outcomes[i] = done.positive()
                    ? Outcome.sent(address(i), done.dsnStatus(), target.relay(), ReplyReader.printable(done.text(), 2000))
                            .withRemote(target.hostname(), done.text())
                    : rejected(i, done, Stage.DOT);
        }
        return new Result(List.of(outcomes), true);
    }

    /** A 354 although nothing should be sent: send an empty message to get back in step; it has no recipients. */
    private void endUnwantedData(ServerReply data) throws SessionFailure {
        if (data.code() == 354) {
            conn.write(".\r\n", Stage.DOT);
            conn.read(Stage.DOT);
        }
    }

    private void abortOn421(ServerReply r, Stage stage) throws SessionFailure {
        // RFC 5321 section 3.8: 421 means the server is closing the connection
        if (r.code() == 421) {
            throw SessionFailure.rejected(target, r, stage);
        }
    }

    /** MAIL FROM with SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461 section 4.3, 4.4). */
    private String mailCommand(EhloFeatures f) {
        StringBuilder cmd = new StringBuilder("MAIL FROM:<").append(env.sender()).append('>');
        if (f.has("SIZE")) {
            cmd.append(" SIZE=").append(env.size());
        }
        if (env.eightBit() && f.has("8BITMIME")) {
            cmd.append(" BODY=8BITMIME");
        }
        if (env.smtputf8()) {
            cmd.append(" SMTPUTF8");
        }
        if (f.has("DSN")) {
            if (env.dsnRet() != null) {
                cmd.append(" RET=").append(env.dsnRet());
            }
            if (env.dsnEnvid() != null) {
                cmd.append(" ENVID=").append(Xtext.encode(env.dsnEnvid()));
            }
        }
        return cmd.toString();
    }

    /** RCPT TO with NOTIFY and ORCPT (RFC 3461 section 4.1, 4.2) when the server offers DSN. */
    private static String rcptCommand(Recipient r, EhloFeatures f) {
        StringBuilder cmd = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
        if (f.has("DSN")) {
            if (!r.dsn().notifyOn().isEmpty()) {
                cmd.append(" NOTIFY=").append(String.join(",", r.dsn().notifyOn()));
            }
            String orcpt = r.dsn().orcpt();
            int semi = orcpt == null ? -1 : orcpt.indexOf(';');
            if (semi > 0) {
                cmd.append(" ORCPT=").append(orcpt, 0, semi).append(';').append(Xtext.encode(orcpt.substring(semi + 1)));
            }
        }
        return cmd.toString();
    }

    private Outcome rejected(int i, ServerReply r, Stage stage) {
        String diagnostic = SessionFailure.said(target, r, stage);
        Outcome o = r.permanentFailure()
                ? Outcome.bounced(address(i), r.dsnStatus(), target.relay(), diagnostic)
                : Outcome.deferred(address(i), SessionFailure.transientStatus(r.dsnStatus()), target.relay(), diagnostic);
        return o.withRemote(target.hostname(), r.text());
    }

    private Result all(boolean deferred, String status, String diagnostic) {
        Arrays.setAll(outcomes, i -> deferred ? Outcome.deferred(address(i), status, target.relay(), diagnostic)
                : Outcome.bounced(address(i), status, target.relay(), diagnostic));
        return new Result(List.of(outcomes), true);
    }

    private static Outcome withRemote(Outcome o, SessionFailure e) {
        return e.reply().isPresent() ? o.withRemote(e.remoteMta().orElse(null), e.reply().get().text()) : o;
    }

    private String address(int i) {
        return env.recipients().get(i).address();
    }
}
