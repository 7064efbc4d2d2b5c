package io.kurir.checks;

/**
 * The rule of a {@link CheckTable} that matched an input.
 *
 * @param action what the rule asks for, its {@code $n} already substituted
 * @param sourceName the table's name as given to {@link CheckTable#parse}
 * @param line the table line of the rule (the first line when it was continued)
 */
public record Match(Action action, String sourceName, int line) {

    /** {@code sourceName:line}, for logs. */
    public String location() {
        return sourceName + ":" + line;
    }
}
