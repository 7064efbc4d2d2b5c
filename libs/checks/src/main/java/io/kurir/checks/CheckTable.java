package io.kurir.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Postfix regexp_table(5) used as header_checks or body_checks: an ordered list of
 * {@code /pattern/flags action} rules, possibly inside {@code if /pattern/ .. endif} blocks.
 * Immutable and safe to share between threads.
 *
 * <p>Syntax (see the module README for the details):
 * <pre>
 * # comment
 * /^Subject:.*viagra/        REJECT spam
 * !/^Received: from /        WARN no Received header
 * if /^Subject:/
 * /lottery|winner/i          HOLD
 * endif
 * /^X-Mailer: (.*bulk.*)/
 *     REJECT mailer $1 not welcome
 * </pre>
 */
public final class CheckTable {

    /**
     * Inputs are cut to this many characters before matching, so that a hostile message cannot
     * make one match arbitrarily expensive (Postfix similarly cuts headers at header_size_limit,
     * 102400 bytes). What lies beyond is never matched.
     */
    public static final int MAX_INPUT_LENGTH = 100_000;

    /** One step of the table; if and endif are kept flat with the index to jump to. */
    sealed interface Step permits Rule, If, Endif {
    }

    /** A compiled pattern and whether the table line negated it with {@code !}. */
    record Condition(Pattern pattern, boolean negated) {
    }

    record Rule(Condition condition, ActionSpec action, int line) implements Step {
    }

    /** {@code if}; {@code endIndex} is the index of its {@code endif} step. */
    record If(Condition condition, int line, int endIndex) implements Step {
    }

    record Endif(int line) implements Step {
    }

    private final String sourceName;
    private final List<Step> steps;
    /** The table searched when this one has no match (Postfix's list of tables), or null. */
    private final CheckTable next;

    private CheckTable(String sourceName, List<Step> steps, CheckTable next) {
        this.sourceName = sourceName;
        this.steps = steps;
        this.next = next;
    }

    /**
     * Parses a table.
     *
     * @param text the table, as in a Postfix {@code regexp:} file
     * @param sourceName names the table in error messages and {@link Match#location()}, usually its path
     * @throws CheckTableException on the first line that is wrong; nothing is returned half-parsed
     */
    public static CheckTable parse(String text, String sourceName) {
        return new CheckTable(sourceName, TableParser.parse(text, sourceName), null);
    }

    /** A table without rules: it matches nothing. */
    public static CheckTable empty(String sourceName) {
        return new CheckTable(sourceName, List.of(), null);
    }

    public String sourceName() {
        return sourceName;
    }

    /** Whether the table has no rules at all. */
    public boolean isEmpty() {
        return steps.isEmpty() && (next == null || next.isEmpty());
    }

    /**
     * This table, then {@code other} for inputs this one has no rule for: Postfix's
     * {@code header_checks = regexp:/a, regexp:/b}, where the first table with a matching rule
     * decides (a DUNNO in the first ends the search too). Each {@link Match} names its own table.
     */
    public CheckTable followedBy(CheckTable other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return new CheckTable(sourceName, steps, next == null ? other : next.followedBy(other));
    }

    /**
     * Looks the input up: the first rule whose pattern matches (or, negated, does not match)
     * anywhere in the input decides, and only rules inside {@code if} blocks whose condition holds
     * are considered. A rule with DUNNO or OK ends the search too; its match says so.
     *
     * <p>Input beyond {@link #MAX_INPUT_LENGTH} characters is not looked at.
     *
     * @return the first matching rule's action with {@code $n} substituted, or empty when no rule matches
     */
    public Optional<Match> match(String input) {
        String subject = input.length() > MAX_INPUT_LENGTH ? input.substring(0, MAX_INPUT_LENGTH) : input;
        int i = 0;
        while (i < steps.size()) {
            Step step = steps.get(i);
            if (step instanceof If branch) {
                boolean found = branch.condition().pattern().matcher(subject).find();
                i = found != branch.condition().negated() ? i + 1 : branch.endIndex() + 1;
            } else if (step instanceof Rule rule) {
                Matcher matcher = rule.condition().pattern().matcher(subject);
                boolean found = matcher.find();
                if (found != rule.condition().negated()) {
                    Action action = found ? rule.action().resolve(matcher) : rule.action().resolveWithoutGroups();
                    return Optional.of(new Match(action, sourceName, rule.line()));
                }
                i++;
            } else {
                i++;
            }
        }
        return next == null ? Optional.empty() : next.match(input);
    }

    @Override
    public String toString() {
        return "CheckTable[" + sourceName + "]";
    }
}
