package io.kurir.checks;

/**
 * Something wrong on one table line, before the line number is known; the parser turns it into a
 * {@link CheckTableException}. Checked so that no parsing step can forget it.
 */
final class TableSyntaxError extends Exception {
    TableSyntaxError(String problem) {
        super(problem, null, false, false);
    }
}
