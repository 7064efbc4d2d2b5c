package io.kurir.checks;

/**
 * One header or body line of a message that a check table rule matched.
 *
 * @param kind where in the message the input was
 * @param input what was matched: a logical header (folded lines joined by {@code \n}, as Postfix
 *     does) or one body line, without its line ending, cut at {@link CheckTable#MAX_INPUT_LENGTH}
 * @param messageLine the 1-based line of the message where the header or body line starts
 * @param match the rule and its action
 */
public record Finding(InputKind kind, String input, int messageLine, Match match) {

    public Action action() {
        return match.action();
    }

    /**
     * The part of a Postfix-style log line that names the input, for example
     * {@code header Subject: cheap pills} or {@code body click here}.
     */
    public String describe() {
        return kind.logWord() + " " + input;
    }
}
