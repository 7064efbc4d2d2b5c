package io.kurir.queue.bounce;

/**
 * RFC 3464 section 2.3.6: the {@code Diagnostic-Code:} of one recipient, {@code diagnostic-type; text}.
 */
public sealed interface Diagnostic {

    /** The diagnostic type as registered with IANA, e.g. {@code smtp}. */
    String type();

    /** The diagnostic text. */
    String text();

    /**
     * The remote server's reply, {@code Diagnostic-Code: smtp; 550 5.1.1 <x@b.test>: ...}. A multi-line
     * reply is given with its lines joined by a space.
     */
    record Smtp(String reply) implements Diagnostic {
        public Smtp {
            if (reply == null || reply.isBlank()) {
                throw new IllegalArgumentException("smtp diagnostic needs the reply");
            }
        }

        @Override
        public String type() {
            return "smtp";
        }

        @Override
        public String text() {
            return reply;
        }
    }

    /**
     * A reason found by this system, not a remote reply: {@code Diagnostic-Code: X-Postfix; mail for
     * b.test loops back to myself}, as Postfix writes it.
     */
    record Local(String reason) implements Diagnostic {
        public Local {
            if (reason == null) {
                throw new IllegalArgumentException("local diagnostic needs a reason");
            }
        }

        @Override
        public String type() {
            return "X-Postfix";
        }

        @Override
        public String text() {
            return reason;
        }
    }
}
