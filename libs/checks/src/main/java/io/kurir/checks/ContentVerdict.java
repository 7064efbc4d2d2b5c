package io.kurir.checks;

import java.util.List;
import java.util.Optional;

/**
 * What the header and body checks found in one message, in message order. Inspection stops at the
 * first REJECT or DISCARD, so at most one of them is present and it is the last finding.
 * DUNNO and OK never appear here.
 *
 * @param findings every action that fired, in the order of the message
 */
public record ContentVerdict(List<Finding> findings) {

    public ContentVerdict {
        findings = List.copyOf(findings);
    }

    /** No rule fired. */
    public boolean isClean() {
        return findings.isEmpty();
    }

    /**
     * The action that decides the fate of the message: the REJECT or DISCARD that ended the
     * inspection if there is one, else the first HOLD or REDIRECT.
     */
    public Optional<Finding> terminal() {
        Optional<Finding> stop = findings.isEmpty() ? Optional.empty()
                : Optional.of(findings.get(findings.size() - 1)).filter(f -> f.action().endsInspection());
        return stop.or(() -> findings.stream().filter(f -> f.action().terminal()).findFirst());
    }

    /** The REJECT that ended the inspection: what an SMTP server turns into its reply to DATA. */
    public Optional<Finding> reject() {
        return first(Action.Reject.class);
    }

    /** The DISCARD that ended the inspection. */
    public Optional<Finding> discard() {
        return first(Action.Discard.class);
    }

    /** The first HOLD; the message goes to the hold queue. */
    public Optional<Finding> hold() {
        return first(Action.Hold.class);
    }

    /** The last REDIRECT: as in Postfix, when several fire only the last one counts. */
    public Optional<Finding> redirect() {
        return findings.stream().filter(f -> f.action() instanceof Action.Redirect).reduce((a, b) -> b);
    }

    /** WARN, INFO, IGNORE, PREPEND, REPLACE and FILTER findings, in message order. */
    public List<Finding> nonTerminal() {
        return findings.stream().filter(f -> !f.action().terminal()).toList();
    }

    private Optional<Finding> first(Class<? extends Action> type) {
        return findings.stream().filter(f -> type.isInstance(f.action())).findFirst();
    }
}
