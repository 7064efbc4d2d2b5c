package io.kurir.checks;

/**
 * A check table could not be parsed. The message reads {@code sourceName:LINE: what is wrong}, the
 * way Postfix reports a bad table line, so an administrator can jump to the line. Unchecked:
 * tables are loaded once at start-up and a bad one should stop that start-up.
 */
public final class CheckTableException extends RuntimeException {

    private final String sourceName;
    private final int line;
    private final String problem;

    public CheckTableException(String sourceName, int line, String problem) {
        super(sourceName + ":" + line + ": " + problem);
        this.sourceName = sourceName;
        this.line = line;
        this.problem = problem;
    }

    /** The name the table was parsed under, for example a file path. */
    public String sourceName() {
        return sourceName;
    }

    /** The 1-based line of the table where the problem is (the first line of a continued line). */
    public int line() {
        return line;
    }

    /** What is wrong, without the {@code sourceName:LINE:} prefix. */
    public String problem() {
        return problem;
    }
}
