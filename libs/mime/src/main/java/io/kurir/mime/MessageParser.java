package io.kurir.mime;

import io.kurir.mime.MimePart.Kind;
import io.kurir.mime.MimePart.Mark;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One pass over the raw message, line by line, building the {@link MimePart} tree the way Dovecot's message parser
 * splits a message:
 *
 * <ul>
 *   <li>A delimiter is a line starting with "--" and an active boundary (RFC 2046 §5.1.1); like Dovecot, only the
 *       beginning of the line has to match, and the longest matching boundary of all enclosing multiparts wins.
 *       A delimiter of an outer multipart ends every part inside it, so an unclosed inner multipart ends there.</li>
 *   <li>The line break before a delimiter belongs to the delimiter. A delimiter inside a part's header ends the
 *       header and the part. The line break that ends a close delimiter stays with its multipart, even when the next
 *       line is an outer delimiter (an empty epilogue): Dovecot counts it in the multipart's size.</li>
 *   <li>A multipart without a boundary parameter gets no children; its content runs to the next outer delimiter.</li>
 *   <li>At the end of input every open part ends, delimiter or not.</li>
 *   <li>Containers deeper than {@link #MAX_DEPTH} or beyond {@link #MAX_PARTS} parts are not opened; their content
 *       stays one leaf. Work is linear in the input size times the nesting depth.</li>
 * </ul>
 */
final class MessageParser {

    /** Parts at this depth or deeper are never split into children. */
    static final int MAX_DEPTH = 100;
    /** No part is created once a message has this many. */
    static final int MAX_PARTS = 10_000;

    private record Frame(MimePart multipart, byte[] boundary) {
    }

    private record Delimiter(Frame frame, boolean close) {
    }

    private final byte[] raw;
    private final List<Frame> frames = new ArrayList<>();
    private int lines;
    private int bareLfs;
    private int partCount;
    private MimePart current;
    private boolean inHeader;
    /** The multipart whose close delimiter was the last one seen, and where its epilogue starts. */
    private MimePart epilogueOf;
    private int epilogueStart;

    private MessageParser(byte[] raw) {
        this.raw = raw;
    }

    static MimePart parse(byte[] raw) {
        return new MessageParser(raw).run();
    }

    private MimePart run() {
        MimePart root = new MimePart(Optional.empty(), 0, mark(0));
        partCount = 1;
        current = root;
        inHeader = true;
        int pos = 0;
        while (pos < raw.length) {
            int lineStart = pos;
            int lf = indexOfLf(lineStart);
            int lineEnd = lf < 0 ? raw.length : lf + 1;
            Optional<Delimiter> delimiter = frames.isEmpty() ? Optional.empty() : delimiter(lineStart, lineEnd);
            if (delimiter.isPresent()) {
                Mark cut = cutBefore(lineStart);
                count(lf);
                onDelimiter(delimiter.get(), cut, mark(lineEnd));
            } else {
                count(lf);
                if (inHeader && isBlankLine(lineStart, lineEnd)) {
                    endHeader(mark(lineEnd));
                }
            }
            pos = lineEnd;
        }
        Mark eof = mark(raw.length);
        while (true) {
            closeCurrent(eof);
            if (current.parent().isEmpty()) {
                return root;
            }
            current = current.parent().get();
        }
    }

    private int indexOfLf(int from) {
        for (int i = from; i < raw.length; i++) {
            if (raw[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void count(int lf) {
        if (lf >= 0) {
            lines++;
            if (lf == 0 || raw[lf - 1] != '\r') {
                bareLfs++;
            }
        }
    }

    /** A mark at {@code offset} using the counters as they are now (the caller keeps them in step). */
    private Mark mark(int offset) {
        return new Mark(offset, lines, bareLfs);
    }

    private boolean isBlankLine(int start, int end) {
        return (end - start == 1 && raw[start] == '\n')
                || (end - start == 2 && raw[start] == '\r' && raw[start + 1] == '\n');
    }

    /** Where the current part ends if a delimiter starts at {@code lineStart}: before the preceding line break. */
    private Mark cutBefore(int lineStart) {
        int regionStart = inHeader ? current.headerStart.offset() : current.bodyStart.offset();
        if (current == epilogueOf) {
            regionStart = Math.max(regionStart, epilogueStart); // the close delimiter's own line break is not cut
        }
        if (lineStart <= regionStart) {
            return mark(lineStart);
        }
        int cut = lineStart - 1;
        boolean crlf = cut - 1 >= regionStart && raw[cut - 1] == '\r';
        if (crlf) {
            cut--;
        }
        return new Mark(cut, lines - 1, bareLfs - (crlf ? 0 : 1));
    }

    /** RFC 2046 §5.1.1 with Dovecot's prefix matching; innermost boundary first, longest match wins. */
    private Optional<Delimiter> delimiter(int lineStart, int lineEnd) {
        if (lineEnd - lineStart < 2 || raw[lineStart] != '-' || raw[lineStart + 1] != '-') {
            return Optional.empty();
        }
        int from = lineStart + 2;
        int to = lineEnd;
        if (to > from && raw[to - 1] == '\n') {
            to--;
        }
        if (to > from && raw[to - 1] == '\r') {
            to--;
        }
        int length = to - from;
        Frame best = null;
        for (int i = frames.size() - 1; i >= 0; i--) {
            Frame frame = frames.get(i);
            byte[] b = frame.boundary();
            if (b.length <= length && (best == null || best.boundary().length < b.length) && startsWith(from, b)) {
                best = frame;
                if (b.length == length || (b.length == length - 2 && raw[to - 2] == '-' && raw[to - 1] == '-')) {
                    break;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int after = from + best.boundary().length;
        boolean close = to - after >= 2 && raw[after] == '-' && raw[after + 1] == '-';
        if (!close && partCount >= MAX_PARTS) {
            return Optional.empty();
        }
        return Optional.of(new Delimiter(best, close));
    }

    private boolean startsWith(int from, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (raw[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void onDelimiter(Delimiter delimiter, Mark cut, Mark afterLine) {
        MimePart multipart = delimiter.frame().multipart();
        while (current != multipart) {
            closeCurrent(cut);
            current = current.parent().orElseThrow();
        }
        inHeader = false;
        if (delimiter.close()) {
            while (frames.get(frames.size() - 1) != delimiter.frame()) {
                frames.remove(frames.size() - 1);
            }
            frames.remove(frames.size() - 1);
            epilogueOf = multipart;
            epilogueStart = afterLine.offset();
            return;
        }
        MimePart child = new MimePart(Optional.of(multipart), multipart.depth() + 1, afterLine);
        multipart.children.add(child);
        partCount++;
        current = child;
        inHeader = true;
    }

    /** Ends the current part at {@code at}: its header too if it is still open, and its boundary. */
    private void closeCurrent(Mark at) {
        if (inHeader) {
            current.bodyStart = at;
            classify(current, HeaderBlock.parse(raw, current.headerStart.offset(), at.offset()));
            if (current.kind == Kind.MESSAGE) {
                MimePart inner = openMessage(current, at);
                inner.bodyStart = at;
                inner.header = HeaderBlock.parse(raw, at.offset(), at.offset());
                inner.end = at;
            }
        }
        current.end = at;
        if (!frames.isEmpty() && frames.get(frames.size() - 1).multipart() == current) {
            frames.remove(frames.size() - 1);
        }
        inHeader = false;
    }

    private void endHeader(Mark bodyStart) {
        current.bodyStart = bodyStart;
        classify(current, HeaderBlock.parse(raw, current.headerStart.offset(), bodyStart.offset()));
        inHeader = false;
        if (current.kind == Kind.MULTIPART && current.boundary.isPresent()) {
            frames.add(new Frame(current, Latin1.bytes(current.boundary.get())));
        } else if (current.kind == Kind.MESSAGE) {
            current = openMessage(current, bodyStart);
            inHeader = true;
        }
    }

    private MimePart openMessage(MimePart part, Mark start) {
        MimePart inner = new MimePart(Optional.of(part), part.depth() + 1, start);
        part.message = Optional.of(inner);
        partCount++;
        return inner;
    }

    /** Reads the Content-* fields and decides what the part is (first Content-Type field wins). */
    private void classify(MimePart part, HeaderBlock header) {
        part.header = header;
        Optional<HeaderField> typeField = header.first("Content-Type");
        if (typeField.isPresent()) {
            ContentFields.ParsedType parsed = ContentFields.contentType(typeField.get().value());
            part.contentType = parsed.type();
            part.contentTypeDeclared = true;
            if (parsed.wellFormed() && parsed.type().type().equalsIgnoreCase("multipart")) {
                part.kind = Kind.MULTIPART;
                part.boundary = parsed.type().parameter("boundary").filter(b -> !b.isEmpty());
            } else if (parsed.wellFormed() && parsed.type().is("message", "rfc822")) {
                part.kind = Kind.MESSAGE;
            }
        } else if (part.parent().filter(MessageParser::isDigest).isPresent()) {
            part.contentType = ContentType.MESSAGE_RFC822;
            part.kind = Kind.MESSAGE;
        }
        if (part.kind != Kind.LEAF && (part.depth() + 1 >= MAX_DEPTH || partCount >= MAX_PARTS)) {
            part.kind = Kind.LEAF;
            part.boundary = Optional.empty();
        }
        header.value("Content-ID").ifPresent(v -> part.contentId = Optional.of(v));
        header.value("Content-Description").ifPresent(v -> part.description = Optional.of(v));
        header.value("Content-MD5").ifPresent(v -> part.md5 = Optional.of(v));
        header.value("Content-Location").ifPresent(v -> part.location = Optional.of(v));
        part.transferEncoding = header.value("Content-Transfer-Encoding").flatMap(ContentFields::transferEncoding);
        part.disposition = header.value("Content-Disposition").flatMap(ContentFields::disposition);
        part.languages = header.value("Content-Language").map(ContentFields::languages).orElse(List.of());
    }

    private static boolean isDigest(MimePart parent) {
        return parent.kind == Kind.MULTIPART && parent.contentType.subtype().equalsIgnoreCase("digest");
    }
}
