package io.kurir.mime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Joins RFC 2231 §3 parameter continuations the way Dovecot reports them in BODYSTRUCTURE: plain parameters first,
 * in their order; then the {@code name*...} ones sorted by name, each name's segments joined into one value under
 * {@code name*} (or {@code name} when no segment is extended). The charset'language' prefix and %-escapes are left
 * as they are, and a non-extended segment is appended raw. When the segment numbers have a gap, the segments are
 * reported one by one under their own names.
 */
final class Rfc2231 {

    private record Segment(String name, int index, boolean extended, String value) {
    }

    private Rfc2231() {
    }

    static List<Parameter> merge(List<Parameter> parsed) {
        List<Parameter> out = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        for (Parameter p : parsed) {
            segment(p).ifPresentOrElse(segments::add, () -> out.add(p));
        }
        if (segments.isEmpty()) {
            return out;
        }
        segments.sort(Comparator.comparing(Segment::name, String.CASE_INSENSITIVE_ORDER)
                .thenComparingInt(Segment::index));
        int i = 0;
        while (i < segments.size()) {
            int next = i;
            boolean contiguous = true;
            boolean extended = false;
            while (next < segments.size() && segments.get(next).name().equalsIgnoreCase(segments.get(i).name())) {
                Segment s = segments.get(next);
                contiguous &= s.index() == next - i;
                extended |= s.extended();
                next++;
            }
            if (contiguous) {
                StringBuilder value = new StringBuilder();
                for (int j = i; j < next; j++) {
                    value.append(segments.get(j).value());
                }
                String name = segments.get(i).name() + (extended ? "*" : "");
                out.add(new Parameter(name, value.toString()));
            } else {
                for (int j = i; j < next; j++) {
                    Segment s = segments.get(j);
                    out.add(new Parameter(s.name() + "*" + s.index() + (s.extended() ? "*" : ""), s.value()));
                }
            }
            i = next;
        }
        return out;
    }

    /** {@code name*}, {@code name*N} or {@code name*N*}; empty for anything else (an ordinary parameter). */
    private static Optional<Segment> segment(Parameter p) {
        String key = p.name();
        int star = key.indexOf('*');
        if (star < 0) {
            return Optional.empty();
        }
        String name = key.substring(0, star);
        int pos = star + 1;
        if (pos == key.length()) {
            return Optional.of(new Segment(name, 0, true, p.value()));
        }
        long index = 0;
        while (pos < key.length() && key.charAt(pos) >= '0' && key.charAt(pos) <= '9') {
            index = Math.min(Integer.MAX_VALUE, index * 10 + (key.charAt(pos) - '0'));
            pos++;
        }
        boolean extended = false;
        if (pos < key.length() && key.charAt(pos) == '*') {
            extended = true;
            pos++;
        }
        if (pos != key.length()) {
            return Optional.empty();
        }
        return Optional.of(new Segment(name, (int) index, extended, p.value()));
    }
}
