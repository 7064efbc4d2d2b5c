package io.kurir.imap.session;

import io.kurir.imap.codec.FetchAttribute;
import io.kurir.mime.BinarySection;
import io.kurir.mime.FetchItem;
import io.kurir.mime.FetchResponse;
import io.kurir.mime.MimeMessage;
import io.kurir.mime.Section;
import io.kurir.store.MailboxStore;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One untagged FETCH response: the mailbox's items (UID, FLAGS, INTERNALDATE) rendered here, the
 * message's (ENVELOPE, BODYSTRUCTURE, BODY[...], RFC822.*) by libs/mime exactly as Dovecot writes them.
 */
final class FetchRenderer {

    private static final DateTimeFormatter INTERNALDATE =
            DateTimeFormatter.ofPattern("ppd-MMM-yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private FetchRenderer() {
    }

    /** Whether any attribute needs the message's bytes. */
    static boolean needsContent(List<FetchAttribute> attributes) {
        return attributes.stream().anyMatch(a -> !(a == FetchAttribute.Simple.UID || a == FetchAttribute.Simple.FLAGS
                || a == FetchAttribute.Simple.INTERNALDATE || a == FetchAttribute.Simple.RFC822_SIZE
                || a == FetchAttribute.Simple.MODSEQ));
    }

    /** Whether fetching these attributes sets \Seen (RFC 3501 6.4.5). */
    static boolean setsSeen(List<FetchAttribute> attributes) {
        return attributes.stream().anyMatch(a -> a == FetchAttribute.Simple.RFC822 || a == FetchAttribute.Simple.RFC822_TEXT
                || a instanceof FetchAttribute.BodySection s && !s.peek()
                || a instanceof FetchAttribute.Binary b && !b.peek()); // RFC 3516 4.2: BINARY sets \Seen, BINARY.PEEK does not
    }

    /** Whether any attribute is BINARY, BINARY.PEEK or BINARY.SIZE (RFC 3516). */
    static boolean hasBinary(List<FetchAttribute> attributes) {
        return attributes.stream().anyMatch(a -> a instanceof FetchAttribute.Binary || a instanceof FetchAttribute.BinarySize);
    }

    /**
     * What a BINARY item of this message would be, when it cannot be sent: the tagged reply's status and text
     * (RFC 3516 4.3: {@code NO [UNKNOWN-CTE]}; RFC 9051 6.4.5: leaf parts only). Checked for every message before
     * the first response, so a FETCH that fails sends nothing and sets no \Seen.
     */
    static Optional<String> binaryProblem(MimeMessage content, List<FetchAttribute> attributes) {
        for (FetchAttribute a : attributes) {
            List<Integer> part;
            if (a instanceof FetchAttribute.Binary b) {
                part = b.part();
            } else if (a instanceof FetchAttribute.BinarySize s) {
                part = s.part();
            } else {
                continue;
            }
            BinarySection.Result result = BinarySection.decode(content, part);
            if (result instanceof BinarySection.Result.UnknownCte) {
                return Optional.of("NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding in BINARY[" + dotted(part) + "].");
            }
            if (result instanceof BinarySection.Result.NotLeaf) {
                return Optional.of("NO Can't fetch BINARY[" + dotted(part) + "]: not a leaf part (multipart, message or the"
                        + " whole message; RFC 9051 6.4.5).");
            }
        }
        return Optional.empty();
    }

    /**
     * @param uid whether UID goes in even if not asked (UID FETCH), @param flagsChanged whether FLAGS
     *        goes in even if not asked (\Seen was just set), @param modseq whether MODSEQ goes in even if
     *        not asked (CHANGEDSINCE, or flags changed with CONDSTORE on: RFC 7162 3.1.4), @param recent
     *        whether this session has the message as \Recent
     */
    static byte[] render(int seq, MailboxStore.Message message, Optional<MimeMessage> content, List<FetchAttribute> attributes,
            boolean uid, boolean flagsChanged, boolean modseq, boolean recent) {
        List<byte[]> items = new ArrayList<>();
        boolean uidDone = false;
        boolean flagsDone = false;
        boolean modseqDone = false;
        for (FetchAttribute a : attributes) {
            if (a == FetchAttribute.Simple.UID) {
                items.add(ascii("UID " + message.uid()));
                uidDone = true;
            } else if (a == FetchAttribute.Simple.FLAGS) {
                items.add(ascii("FLAGS " + Flags.list(message.flags(), recent)));
                flagsDone = true;
            } else if (a == FetchAttribute.Simple.INTERNALDATE) {
                items.add(ascii("INTERNALDATE \"" + INTERNALDATE.format(message.internalDate()) + "\""));
            } else if (a == FetchAttribute.Simple.RFC822_SIZE) {
                items.add(ascii("RFC822.SIZE " + message.size()));
            } else if (a == FetchAttribute.Simple.MODSEQ) {
                items.add(ascii("MODSEQ (" + message.modseq() + ")"));
                modseqDone = true;
            } else if (a instanceof FetchAttribute.Binary b) {
                BinarySection.Result.Decoded decoded = decoded(content.orElseThrow(), b.part());
                byte[] bytes = decoded.content();
                String name = "BINARY[" + dotted(b.part()) + "]";
                if (b.partial().isPresent()) {
                    // RFC 3516 4.2: the partial range counts decoded octets; the response names its origin like BODY
                    FetchAttribute.Partial p = b.partial().get();
                    int from = (int) Math.min(bytes.length, p.offset());
                    int to = (int) (from + Math.min(p.length(), bytes.length - from)); // no overflow near 2^63
                    decoded = new BinarySection.Result.Decoded(java.util.Arrays.copyOfRange(bytes, from, to));
                    name += "<" + p.offset() + ">";
                }
                items.add(FetchResponse.binaryItem(name, decoded));
            } else if (a instanceof FetchAttribute.BinarySize s) {
                // RFC 3516 4.3: the size BINARY[part] would send
                items.add(ascii("BINARY.SIZE[" + dotted(s.part()) + "] " + decoded(content.orElseThrow(), s.part()).content().length));
            } else {
                items.add(FetchResponse.item(content.orElseThrow(), mimeItem(a)));
            }
        }
        if (uid && !uidDone) {
            items.add(0, ascii("UID " + message.uid()));
        }
        if (flagsChanged && !flagsDone) {
            items.add(ascii("FLAGS " + Flags.list(message.flags(), recent)));
        }
        if (modseq && !modseqDone) {
            items.add(ascii("MODSEQ (" + message.modseq() + ")"));
        }
        return FetchResponse.format(seq, items);
    }

    /** BINARY's content; {@link #binaryProblem} was asked first, so anything else is a bug. */
    private static BinarySection.Result.Decoded decoded(MimeMessage content, List<Integer> part) {
        if (BinarySection.decode(content, part) instanceof BinarySection.Result.Decoded d) {
            return d;
        }
        throw new IllegalStateException("BINARY[" + dotted(part) + "] was not checked before rendering");
    }

    private static String dotted(List<Integer> part) {
        return part.stream().map(String::valueOf).collect(Collectors.joining("."));
    }

    /** The codec's attribute as libs/mime's item. */
    static FetchItem mimeItem(FetchAttribute a) {
        if (a instanceof FetchAttribute.Simple s) {
            return switch (s) {
                case ENVELOPE -> FetchItem.Simple.ENVELOPE;
                case BODYSTRUCTURE -> FetchItem.Simple.BODYSTRUCTURE;
                case BODY -> FetchItem.Simple.BODY;
                case RFC822 -> FetchItem.Simple.RFC822;
                case RFC822_HEADER -> FetchItem.Simple.RFC822_HEADER;
                case RFC822_TEXT -> FetchItem.Simple.RFC822_TEXT;
                default -> throw new IllegalArgumentException(s.wire() + " is not supported");
            };
        }
        if (a instanceof FetchAttribute.BodySection b) {
            String spec = spec(b.section());
            return new FetchItem.BodySection(spec, Section.parse(spec), b.peek(),
                    b.partial().map(p -> new FetchItem.Partial(p.offset(), p.length())));
        }
        throw new IllegalArgumentException("BINARY is not supported");
    }

    /** {@code 1.2.HEADER.FIELDS (SUBJECT FROM)} from the codec's section. */
    private static String spec(FetchAttribute.Section s) {
        StringBuilder sb = new StringBuilder(s.part().stream().map(String::valueOf).collect(Collectors.joining(".")));
        s.text().ifPresent(t -> {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(t.wire());
            if (!s.headerFields().isEmpty()) {
                sb.append(" (").append(String.join(" ", s.headerFields())).append(')');
            }
        });
        return sb.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
