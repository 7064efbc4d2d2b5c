package io.kurir.delivery.smtp;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service extensions a server listed in its EHLO reply (RFC 5321 section 4.1.1.1): one
 * keyword per line after the first, with optional parameters. After HELO there are none.
 */
public final class EhloFeatures {

    public static final EhloFeatures NONE = new EhloFeatures(Map.of());

    private final Map<String, List<String>> keywords;

    private EhloFeatures(Map<String, List<String>> keywords) {
        this.keywords = Map.copyOf(keywords);
    }

    public static EhloFeatures parse(ServerReply ehlo) {
        Map<String, List<String>> keywords = new HashMap<>();
        List<String> texts = ehlo.texts();
        for (String text : texts.subList(1, texts.size())) {
            String[] words = text.strip().split("[ =]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            // "AUTH=LOGIN PLAIN" is the pre-RFC 4954 form some servers still send beside "AUTH"
            keywords.merge(words[0].toUpperCase(Locale.ROOT),
                    List.of(words).subList(1, words.length).stream().map(w -> w.toUpperCase(Locale.ROOT)).toList(),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        }
        return new EhloFeatures(keywords);
    }

    public boolean has(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** RFC 1870 section 4: the SIZE limit; empty when not offered or given as 0 or not at all (no fixed limit). */
    public OptionalLong sizeLimit() {
        List<String> p = keywords.get("SIZE");
        if (p == null || p.isEmpty() || !p.get(0).matches("\\d{1,18}") || Long.parseLong(p.get(0)) == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(p.get(0)));
    }

    /** RFC 4954 section 3: the offered SASL mechanisms, upper case. */
    public Set<String> authMechanisms() {
        return new TreeSet<>(keywords.getOrDefault("AUTH", List.of()));
    }

    @Override
    public String toString() {
        return new TreeSet<>(keywords.keySet()).toString();
    }
}
