package io.kurir.mime.sort;

/**
 * THREAD algorithms. The names match the IMAP atoms, so a parsed command's algorithm maps over with
 * {@code ThreadAlgorithm.valueOf(name)}.
 */
public enum ThreadAlgorithm {
    /** RFC 5256 §3 ORDEREDSUBJECT: one thread per base subject, the oldest message the parent of the rest. */
    ORDEREDSUBJECT,
    /** RFC 5256 §3 REFERENCES: threads from References/In-Reply-To, then grouped by base subject. */
    REFERENCES,
    /**
     * REFS (draft-ietf-morg-inthread, as Dovecot offers it): REFERENCES without the base-subject grouping, threads
     * ordered by their most recent message's sent date.
     */
    REFS
}
