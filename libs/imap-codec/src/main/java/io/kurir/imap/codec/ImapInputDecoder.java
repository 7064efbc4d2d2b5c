package io.kurir.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The byte-level framer of the server side of IMAP, without I/O: the transport feeds whatever
 * chunks the socket delivers and takes out complete {@link ImapInput}s.
 *
 * <pre>
 * decoder.feed(chunk, 0, chunk.length);
 * for (Optional&lt;ImapInput&gt; in = decoder.next(); in.isPresent(); in = decoder.next()) {
 *     // Command → parse and run; ContinueLiteral → write "+ Ready for literal data";
 *     // TooBig → write its response(); IDLE accepted → startIdle() before calling next() again
 * }
 * </pre>
 *
 * <p><b>Commands and literals</b> (RFC 9051 sections 2.2 and 4.3). A command is a line, or, when a
 * line ends with a literal marker, the line, the literal's octets and the line that follows, and
 * so on. The decoder recognises {@code {n}} (synchronizing: it emits {@link ImapInput.ContinueLiteral}
 * and expects the octets only after the caller has sent the continuation request),
 * {@code {n+}} (non-synchronizing, RFC 7888: the octets follow at once) and the literal8 forms
 * {@code ~{n}} / {@code ~{n+}} (RFC 3516). A brace inside a quoted string is not a marker. Lines end
 * with CRLF; a bare LF is accepted too. The decoder does not check syntax otherwise: that is
 * {@link ImapCommandParser}'s job.
 *
 * <p><b>Limits</b> ({@link ImapDecoderLimits}). A breach gives one {@link ImapInput.TooBig} as soon
 * as it is detected; the command's bytes are dropped, its remaining bytes are dropped as they
 * arrive (a non-synchronizing literal's data included, a synchronizing one is simply never asked
 * for), and the next command is decoded normally. Memory held is at most one command within the
 * limits, plus bytes fed and not yet taken out.
 *
 * <p><b>Other modes.</b> After sending a {@code +} challenge of AUTHENTICATE call
 * {@link #expectAuthenticateResponse()}: the next line comes out as
 * {@link ImapInput.AuthenticateResponse}. After sending {@code + idling} call {@link #startIdle()}:
 * the next line comes out as {@link ImapInput.IdleDone} or {@link ImapInput.IdleUnexpected}. Both
 * modes last one line; an over-long line gives {@link ImapInput.TooBig} with no tag.
 *
 * <p>{@link #next()} never throws on client input. Not thread-safe: one decoder per connection,
 * used from its event loop.
 */
public final class ImapInputDecoder {

    /** Longest tag the decoder reads for its own outputs; the parser reads any length. */
    private static final int TAG_WINDOW = 64;
    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private enum Mode {
        /** Reading a text segment of a command. */
        COMMAND,
        /** Reading the octets of an accepted literal, kept as part of the command. */
        LITERAL,
        /** Dropping the rest of a refused command's text segment. */
        DISCARD_LINE,
        /** Dropping the octets of a refused command's non-synchronizing literal. */
        DISCARD_LITERAL,
        /** Reading one AUTHENTICATE response line. */
        AUTHENTICATE,
        /** Reading the line that ends IDLE. */
        IDLE,
        /** Dropping the rest of an over-long AUTHENTICATE or IDLE line. */
        DISCARD_PLAIN_LINE
    }

    private final ImapDecoderLimits limits;
    private final PendingBytes pending = new PendingBytes();
    private final LineScanner scanner = new LineScanner();
    private Mode mode = Mode.COMMAND;

    // The command being read occupies pending[0, scanned).
    private int scanned;
    private int segmentStart;
    private int segments;
    private long textOctets;
    private long literalOctets;
    private long literalRemaining;
    private boolean synchronizingLiteral;
    private boolean append;
    private Optional<String> tag = Optional.empty();

    /** A decoder with {@link ImapDecoderLimits#DEFAULT}. */
    public ImapInputDecoder() {
        this(ImapDecoderLimits.DEFAULT);
    }

    public ImapInputDecoder(ImapDecoderLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Adds received bytes; nothing is decoded until {@link #next()}. Take the inputs out before
     * feeding more: the limits bound what one command holds, not bytes fed and never taken out.
     *
     * @throws IllegalStateException when more than 2 GiB are fed without calling {@link #next()}
     */
    public void feed(byte[] bytes, int off, int len) {
        pending.append(bytes, off, len);
    }

    /** Adds all of {@code bytes}. */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * The next complete input, or empty when more bytes are needed. After each output nothing
     * further is decoded until the next call, so the caller can still switch modes.
     */
    public Optional<ImapInput> next() {
        while (true) {
            Step step = switch (mode) {
                case COMMAND -> readText();
                case LITERAL -> readLiteral();
                case DISCARD_LINE -> discardLine();
                case DISCARD_LITERAL -> discardLiteral();
                case AUTHENTICATE, IDLE -> readPlainLine();
                case DISCARD_PLAIN_LINE -> discardPlainLine();
            };
            if (step instanceof Emit emit) {
                return Optional.of(emit.input());
            }
            if (step == Flow.NEED_MORE) {
                return Optional.empty();
            }
        }
    }

    /** What one decoding step did: produced an output, needs more bytes, or changed mode. */
    private sealed interface Step {
    }

    private record Emit(ImapInput input) implements Step {
    }

    private enum Flow implements Step {
        NEED_MORE,
        /** The mode changed; decode on. */
        CONTINUE
    }

    private Step readText() {
        int size = pending.size();
        int i = scanned;
        while (i < size && pending.at(i) != LF) {
            scanner.accept(pending.at(i));
            i++;
        }
        scanned = i;
        if (i == size) {
            // No LF yet; even the LF still to come would not fit.
            if (textOctets + (size - segmentStart) + 1 > limits.maxLineLength()) {
                return new Emit(refuseMidLine());
            }
            return Flow.NEED_MORE;
        }
        int lf = i;
        scanned = lf + 1;
        long segmentLength = scanned - segmentStart;
        if (segments == 0) {
            tag = readTag(lf);
            append = isAppend(lf);
        }
        segments++;
        Optional<LineScanner.Marker> marker = scanner.marker();
        scanner.reset();
        if (textOctets + segmentLength > limits.maxLineLength()) {
            return new Emit(refuse(ImapInput.Limit.LINE_LENGTH, marker, OptionalLong.empty()));
        }
        textOctets += segmentLength;
        if (marker.isEmpty()) {
            int end = lf > segmentStart && pending.at(lf - 1) == CR ? lf - 1 : lf;
            ImapInput command = new ImapInput.Command(pending.copy(0, end));
            pending.skip(scanned);
            resetCommand();
            return new Emit(command);
        }
        LineScanner.Marker literal = marker.get();
        Optional<ImapInput.Limit> breach = breach(literal);
        if (breach.isPresent()) {
            return new Emit(refuse(breach.get(), marker, OptionalLong.of(literal.size())));
        }
        literalOctets += literal.size();
        literalRemaining = literal.size();
        synchronizingLiteral = literal.synchronizing();
        mode = Mode.LITERAL;
        return literal.synchronizing()
                ? new Emit(new ImapInput.ContinueLiteral(tag, literal.size()))
                : Flow.CONTINUE;
    }

    /** RFC 7888 section 4, RFC 7889 section 4 and the configured limits, in that order. */
    private Optional<ImapInput.Limit> breach(LineScanner.Marker literal) {
        long size = literal.size();
        if (!literal.synchronizing()
                && limits.nonSynchronizingLiterals() == ImapDecoderLimits.NonSynchronizingLiterals.LITERAL_MINUS
                && size > ImapDecoderLimits.LITERAL_MINUS_MAX) {
            return Optional.of(ImapInput.Limit.NON_SYNCHRONIZING_LITERAL);
        }
        if (append ? size > limits.appendLimit() : size > limits.maxLiteralSize()) {
            return Optional.of(append ? ImapInput.Limit.APPEND_LIMIT : ImapInput.Limit.LITERAL_SIZE);
        }
        if (textOctets + literalOctets + size > limits.maxCommandSize()) {
            return Optional.of(ImapInput.Limit.COMMAND_SIZE);
        }
        return Optional.empty();
    }

    /** The line limit broke before the line ended: drop what is here and the rest as it comes. */
    private ImapInput refuseMidLine() {
        if (segments == 0) {
            tag = readTag(pending.size());
        }
        ImapInput out = new ImapInput.TooBig(tag, ImapInput.Limit.LINE_LENGTH, OptionalLong.empty());
        pending.skip(pending.size());
        resetCommand();
        mode = Mode.DISCARD_LINE; // the scanner keeps following the segment
        return out;
    }

    /**
     * Refuses the command at the end of a segment. A synchronizing literal is never asked for,
     * so the command ends here; a non-synchronizing literal's data and what follows are dropped.
     */
    private ImapInput refuse(ImapInput.Limit limit, Optional<LineScanner.Marker> marker, OptionalLong literalSize) {
        ImapInput out = new ImapInput.TooBig(tag, limit, literalSize);
        pending.skip(scanned);
        resetCommand();
        if (marker.isPresent() && !marker.get().synchronizing()) {
            literalRemaining = marker.get().size();
            mode = Mode.DISCARD_LITERAL;
        }
        return out;
    }

    private Step readLiteral() {
        long take = Math.min(literalRemaining, pending.size() - scanned);
        scanned += (int) take;
        literalRemaining -= take;
        if (literalRemaining > 0) {
            return Flow.NEED_MORE;
        }
        mode = Mode.COMMAND;
        segmentStart = scanned;
        return Flow.CONTINUE;
    }

    private Step discardLine() {
        int size = pending.size();
        for (int i = 0; i < size; i++) {
            byte b = pending.at(i);
            if (b == LF) {
                Optional<LineScanner.Marker> marker = scanner.marker();
                scanner.reset();
                pending.skip(i + 1);
                if (marker.isPresent() && !marker.get().synchronizing()) {
                    literalRemaining = marker.get().size();
                    mode = Mode.DISCARD_LITERAL;
                } else {
                    mode = Mode.COMMAND;
                }
                return Flow.CONTINUE;
            }
            scanner.accept(b);
        }
        pending.skip(size);
        return Flow.NEED_MORE;
    }

    private Step discardLiteral() {
        int take = (int) Math.min(literalRemaining, pending.size());
        pending.skip(take);
        literalRemaining -= take;
        if (literalRemaining > 0) {
            return Flow.NEED_MORE;
        }
        mode = Mode.DISCARD_LINE;
        return Flow.CONTINUE;
    }

    private Step readPlainLine() {
        int size = pending.size();
        int i = scanned;
        while (i < size && pending.at(i) != LF) {
            i++;
        }
        if (i == size) {
            scanned = size;
            if (size + 1 > limits.maxLineLength()) {
                pending.skip(size);
                scanned = 0;
                mode = Mode.DISCARD_PLAIN_LINE;
                return new Emit(new ImapInput.TooBig(Optional.empty(), ImapInput.Limit.LINE_LENGTH, OptionalLong.empty()));
            }
            return Flow.NEED_MORE;
        }
        Mode was = mode;
        mode = Mode.COMMAND;
        scanned = 0;
        if (i + 1 > limits.maxLineLength()) {
            pending.skip(i + 1);
            return new Emit(new ImapInput.TooBig(Optional.empty(), ImapInput.Limit.LINE_LENGTH, OptionalLong.empty()));
        }
        int end = i > 0 && pending.at(i - 1) == CR ? i - 1 : i;
        String line = new String(pending.copy(0, end), StandardCharsets.UTF_8);
        pending.skip(i + 1);
        if (was == Mode.AUTHENTICATE) {
            return new Emit(new ImapInput.AuthenticateResponse(line));
        }
        return new Emit(line.equalsIgnoreCase("DONE") ? new ImapInput.IdleDone() : new ImapInput.IdleUnexpected(line));
    }

    private Step discardPlainLine() {
        int size = pending.size();
        for (int i = 0; i < size; i++) {
            if (pending.at(i) == LF) {
                pending.skip(i + 1);
                mode = Mode.COMMAND;
                return Flow.CONTINUE;
            }
        }
        pending.skip(size);
        return Flow.NEED_MORE;
    }

    /**
     * The tag at the start of the command: the octets before the first SP, when they are a valid
     * tag ({@code 1*<any ASTRING-CHAR except "+">}) of at most {@value #TAG_WINDOW} octets. Only
     * that window is looked at, so the answer is the same however the input was chunked.
     */
    private Optional<String> readTag(int end) {
        int window = Math.min(end, Math.min(TAG_WINDOW + 1, limits.maxLineLength()));
        for (int i = 0; i < window; i++) {
            int c = pending.at(i) & 0xff;
            if (c == ' ') {
                return i == 0 ? Optional.empty()
                        : Optional.of(new String(pending.copy(0, i), StandardCharsets.US_ASCII));
            }
            if (!Ascii.isTagChar(c)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether the first line reads {@code tag SP "APPEND" SP...}, case-insensitively. */
    private boolean isAppend(int lf) {
        int sp = 0;
        while (sp < lf && pending.at(sp) != ' ') {
            sp++;
        }
        String word = "APPEND ";
        if (sp + word.length() >= lf) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            int c = pending.at(sp + 1 + k) & 0xff;
            if (Character.toUpperCase(c) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private void resetCommand() {
        scanned = 0;
        segmentStart = 0;
        segments = 0;
        textOctets = 0;
        literalOctets = 0;
        literalRemaining = 0;
        append = false;
        tag = Optional.empty();
    }

    /**
     * Refuses the command whose synchronizing literal was just announced by
     * {@link ImapInput.ContinueLiteral}, instead of sending the continuation request: the decoder
     * drops the partial command and reads what follows as a new command. The caller answers the
     * refused command (for example {@code NO [TRYCREATE]} or {@code NO [TOOBIG]}).
     *
     * @throws IllegalStateException when no synchronizing literal is awaited
     */
    public void abandonCommand() {
        if (mode != Mode.LITERAL || !synchronizingLiteral) {
            throw new IllegalStateException("no synchronizing literal is awaited");
        }
        pending.skip(scanned);
        resetCommand();
        mode = Mode.COMMAND;
    }

    /**
     * Reads the next line as an AUTHENTICATE response; call it after writing a {@code +}
     * continuation request for AUTHENTICATE (RFC 9051 section 6.2.2), before the next {@link #next()}.
     *
     * @throws IllegalStateException when a command is partly read
     */
    public void expectAuthenticateResponse() {
        requireBetweenCommands();
        mode = Mode.AUTHENTICATE;
    }

    /**
     * Reads the next line as the end of IDLE; call it after writing {@code + idling}
     * (RFC 2177), before the next {@link #next()}.
     *
     * @throws IllegalStateException when a command is partly read
     */
    public void startIdle() {
        requireBetweenCommands();
        mode = Mode.IDLE;
    }

    private void requireBetweenCommands() {
        if (mode != Mode.COMMAND || segments != 0) {
            throw new IllegalStateException("a command is partly read");
        }
        scanned = 0;
        scanner.reset();
    }

    /**
     * Drops every byte received but not yet decoded, and any partly read command. Call it right
     * after the tagged OK to STARTTLS: anything pipelined behind STARTTLS arrived in plain text and
     * must not be read as if it came over TLS (RFC 9051 section 6.2.1, CVE-2011-0411).
     */
    public void discardBuffered() {
        pending.skip(pending.size());
        resetCommand();
        scanner.reset();
        mode = Mode.COMMAND;
    }

    /** Bytes fed and not yet consumed, the command being read included. */
    public int bufferedBytes() {
        return pending.size();
    }
}
