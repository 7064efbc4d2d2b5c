package io.kurir.mime.sort;

import io.kurir.mime.EncodedWords;
import io.kurir.mime.UnicodeCasemap;

/**
 * The "base subject" of RFC 5256 §2.1: the subject with reply and forward markers, list tags and trailing
 * {@code (fwd)} removed, used by SORT's SUBJECT key and by both threading algorithms.
 *
 * <p>The ABNF (RFC 5256 §5) matches {@code re}, {@code fw}, {@code fwd}, {@code (fwd)} and {@code [fwd:}
 * case-insensitively (ASCII). Base subjects are compared with {@code i;unicode-casemap} through {@link #key()}.
 *
 * @param text the base subject, decoded to Unicode, single-spaced
 * @param replyOrForward whether extraction removed a subj-refwd ({@code Re:}, {@code Fwd:}), a {@code (fwd)}
 *     subj-trailer or a {@code [fwd: ...]} wrapper, which makes the message a reply or forward for THREAD
 *     (RFC 5256 §2.1, §3 REFERENCES step 5)
 */
public record BaseSubject(String text, boolean replyOrForward) {

    /** The base subject of a raw Subject: value (byte string, as {@link io.kurir.mime.HeaderField#value()}). */
    public static BaseSubject of(String rawSubject) {
        return ofDecoded(EncodedWords.decodeHeader(rawSubject));
    }

    /** The base subject of a subject that is already Unicode; encoded words in it are still decoded. */
    public static BaseSubject ofDecoded(String subject) {
        return new Extraction(singleSpaced(EncodedWords.decode(subject))).run();
    }

    /** The form base subjects are compared in ({@link UnicodeCasemap#fold}). */
    public String key() {
        return UnicodeCasemap.fold(text);
    }

    /** RFC 5256 §2.1 step 1: tabs and continuations become spaces, runs of spaces one space. */
    private static String singleSpaced(String subject) {
        StringBuilder out = new StringBuilder(subject.length());
        boolean space = false;
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = true;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }
        if (space) {
            out.append(' ');
        }
        return out.toString();
    }

    /** The steps of RFC 5256 §2.1 on one subject. */
    private static final class Extraction {

        private String subject;
        private boolean replyOrForward;

        Extraction(String subject) {
            this.subject = subject;
        }

        BaseSubject run() {
            do {
                removeTrailers();
                boolean removed;
                do { // step (5): repeat (3) and (4) until no matches remain
                    removed = removeLeaders();
                    removed |= removeBlob();
                } while (removed);
            } while (removeForwardWrapper());
            return new BaseSubject(subject, replyOrForward); // step (7)
        }

        /** Step (2): subj-trailer = "(fwd)" / WSP, removed from the end until none is left. */
        private void removeTrailers() {
            while (true) {
                if (subject.endsWith(" ")) {
                    subject = subject.substring(0, subject.length() - 1);
                } else if (endsWithIgnoreCase(subject, "(fwd)")) {
                    subject = subject.substring(0, subject.length() - 5);
                    replyOrForward = true;
                } else {
                    return;
                }
            }
        }

        /** Step (3): subj-leader = (*subj-blob subj-refwd) / WSP, removed from the front while one matches. */
        private boolean removeLeaders() {
            boolean removed = false;
            while (true) {
                if (subject.startsWith(" ")) {
                    subject = subject.substring(1);
                    removed = true;
                    continue;
                }
                int pos = 0;
                int afterBlob;
                while ((afterBlob = blobEnd(pos)) >= 0) {
                    pos = afterBlob;
                }
                int afterRefwd = refwdEnd(pos);
                if (afterRefwd < 0) {
                    return removed;
                }
                subject = subject.substring(afterRefwd);
                replyOrForward = true;
                removed = true;
            }
        }

        /** Step (4): a leading subj-blob goes if what remains is a non-empty subj-base. */
        private boolean removeBlob() {
            int afterBlob = blobEnd(0);
            if (afterBlob < 0 || afterBlob == subject.length()) {
                return false;
            }
            subject = subject.substring(afterBlob);
            return true;
        }

        /**
         * Step (6): "[fwd:" ... "]" around the whole subject is removed, and extraction goes back to step (2).
         * Returns whether it was removed.
         */
        private boolean removeForwardWrapper() {
            if (startsWithIgnoreCase(subject, 0, "[fwd:") && subject.endsWith("]")) {
                subject = subject.substring(5, subject.length() - 1);
                replyOrForward = true;
                return true;
            }
            return false;
        }

        /** subj-blob = "[" *BLOBCHAR "]" *WSP at {@code pos}: the index after it, or -1. */
        private int blobEnd(int pos) {
            if (pos >= subject.length() || subject.charAt(pos) != '[') {
                return -1;
            }
            int i = pos + 1;
            while (i < subject.length() && subject.charAt(i) != ']') {
                if (subject.charAt(i) == '[') {
                    return -1; // BLOBCHAR excludes '[' and ']'
                }
                i++;
            }
            if (i >= subject.length()) {
                return -1;
            }
            return skipSpaces(i + 1);
        }

        /** subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":" at {@code pos}: the index after it, or -1. */
        private int refwdEnd(int pos) {
            int i;
            if (startsWithIgnoreCase(subject, pos, "re")) {
                i = pos + 2;
            } else if (startsWithIgnoreCase(subject, pos, "fwd")) {
                i = pos + 3;
            } else if (startsWithIgnoreCase(subject, pos, "fw")) {
                i = pos + 2;
            } else {
                return -1;
            }
            i = skipSpaces(i);
            int afterBlob = blobEnd(i);
            if (afterBlob >= 0) {
                i = afterBlob;
            }
            return i < subject.length() && subject.charAt(i) == ':' ? i + 1 : -1;
        }

        private int skipSpaces(int pos) {
            int i = pos;
            while (i < subject.length() && subject.charAt(i) == ' ') {
                i++;
            }
            return i;
        }

        private static boolean startsWithIgnoreCase(String s, int pos, String prefix) {
            return s.regionMatches(true, pos, prefix, 0, prefix.length());
        }

        private static boolean endsWithIgnoreCase(String s, String suffix) {
            return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
        }
    }
}
