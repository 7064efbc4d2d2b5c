package io.kurir.mail.alias;

import java.util.List;

/**
 * An aliases(5) or virtual(5) file that cannot be used. Every problem found in the file is listed,
 * each as {@code FILE:LINE: text} like Postfix's postalias(1) and postmap(1) warnings, so that an
 * administrator can fix them all in one pass. Unlike Postfix, which warns and carries on, Kurir
 * refuses the whole file: a table that is half loaded would deliver mail somewhere nobody intended.
 */
public final class AliasSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param problems the problems, each {@code FILE:LINE: text}; at least one
     */
    public AliasSyntaxException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an AliasSyntaxException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems in file order, each {@code FILE:LINE: text}. */
    public List<String> problems() {
        return problems;
    }
}
