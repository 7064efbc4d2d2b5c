package io.kurir.mail.alias;

import io.kurir.mail.MailAddress;
import io.kurir.mail.MailDomains;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Expands one recipient through the alias tables the way Postfix does: first cleanup(8)'s virtual
 * alias expansion (virtual(5)), then, for every result in a local domain, local(8)'s alias
 * expansion (aliases(5)).
 *
 * <p><b>Virtual aliases.</b> An unqualified address gets {@code @$myorigin}. For
 * {@code user+ext@domain} the lookups are, in this order: {@code user+ext@domain},
 * {@code user@domain}, then, when the domain is local ({@code mydestination}) or {@code myorigin},
 * the bare local parts {@code user+ext} and {@code user}, and last the catch-all {@code @domain}.
 * When the match was made without the extension, the extension is appended to the local part of
 * every result (Postfix's default {@code propagate_unmatched_extensions = canonical, virtual}), so
 * {@code budi+lab@example.com} through {@code budi@example.com budi} becomes {@code budi+lab}. A
 * result {@code @other.domain} keeps the local part of the address and changes its domain. Results
 * are expanded again; an address that lists itself ({@code user@d user@d, other@d}) is kept and not
 * expanded further. An address in a virtual alias domain that no entry matches is refused with
 * {@code 5.1.1 User unknown in virtual alias table}.
 *
 * <p><b>Local aliases.</b> For a result in a local domain the local part is looked up in the local
 * aliases, first with its extension and then without (local(8) does not propagate the extension).
 * A local name in the targets means {@code name@$myorigin}. A name that appears in its own list
 * ({@code root: root, admin}) is delivered to that name's mailbox; a name without an alias is a
 * final local mailbox, whose existence is checked elsewhere — unless the account forwards its mail
 * ({@link AliasMaps#forwards()}, the {@code ~/.forward} of a Postfix box): then it goes to the
 * forward's targets, expanded again, and to the mailbox too when a copy is kept. A target in a remote domain is
 * forwarded mail, which Postfix passes through cleanup(8) again, so it goes through virtual alias
 * expansion once more.
 *
 * <p><b>Limits.</b> A cycle that is not an address listing itself ({@code a -> b -> a}) fails with
 * {@code 5.4.6 mail forwarding loop for <addr>}. More than {@value #MAX_DEPTH} nested expansions
 * or more than {@value #MAX_TARGETS} resulting addresses fail with
 * {@code 5.7.1 alias expansion limit exceeded}. Unlike Postfix, which bounces only the failing
 * member of a list, a failure anywhere fails the whole expansion, so the SMTP server can refuse the
 * recipient rather than deliver half of a list. Results are de-duplicated, ignoring case, keeping
 * the first occurrence; the local mailboxes are de-duplicated by local part across all local
 * domains, as local(8) does.
 */
public final class AliasExpander {

    /** The deepest chain of aliases followed (Postfix's virtual_alias_recursion_limit is 1000). */
    public static final int MAX_DEPTH = 100;

    /** The most addresses one recipient expands to (Postfix's virtual_alias_expansion_limit). */
    public static final int MAX_TARGETS = 1000;

    /** The most table entries visited for one recipient, which bounds the work of one expansion. */
    private static final int MAX_STEPS = 10 * MAX_TARGETS;

    static final String UNKNOWN = "5.1.1 User unknown in virtual alias table";
    static final String LIMIT = "5.7.1 alias expansion limit exceeded";
    static final String BAD_SYNTAX = "5.1.3 Bad recipient address syntax";

    /**
     * One address a recipient expands to.
     *
     * @param address the final address, always qualified
     * @param mailbox for an address in a local domain, the local account it is delivered to (the
     *     local part in lower case without its extension, {@link MailAddress#user(String)}); empty
     *     for an address that is delivered elsewhere
     * @param owner the owner of the innermost local alias (list) this address was reached through,
     *     {@code owner-NAME@myorigin}, when the aliases define {@code owner-NAME}: as Postfix's
     *     local(8) (owner_request_special), delivery errors for it go to the owner, who is the
     *     envelope sender of that delivery; empty otherwise
     */
    public record Target(String address, String mailbox, String owner) {

        public Target {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(owner, "owner");
        }

        /** A target reached through no list with an owner. */
        public Target(String address, String mailbox) {
            this(address, mailbox, "");
        }

        /** True when the address is delivered to a local mailbox. */
        public boolean isLocal() {
            return !mailbox.isEmpty();
        }
    }

    /**
     * The outcome of expanding one recipient.
     *
     * @param targets the addresses, in expansion order, without duplicates; empty on error
     * @param error a DSN status and text, e.g. {@code 5.1.1 User unknown in virtual alias table},
     *     when the recipient cannot be expanded
     */
    public record Expansion(List<Target> targets, Optional<String> error) {

        public Expansion {
            targets = List.copyOf(targets);
            Objects.requireNonNull(error, "error");
        }

        static Expansion failed(String error) {
            return new Expansion(List.of(), Optional.of(error));
        }

        /** True when the expansion succeeded. */
        public boolean ok() {
            return error.isEmpty();
        }
    }

    private final AliasMaps maps;
    private final MailDomains domains;
    private final String delimiters;

    /**
     * @param maps the alias tables
     * @param domains the naming parameters: {@code myorigin} and {@code mydestination}
     * @param recipientDelimiter Postfix's {@code recipient_delimiter}: the characters that start an
     *     address extension, e.g. {@code +}; empty for none
     */
    public AliasExpander(AliasMaps maps, MailDomains domains, String recipientDelimiter) {
        this.maps = Objects.requireNonNull(maps, "maps");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.delimiters = Objects.requireNonNull(recipientDelimiter, "recipientDelimiter");
    }

    /**
     * Expands a recipient, written {@code user@domain}, {@code <user@domain>} or as a bare local
     * name, through the virtual and then the local aliases.
     */
    public Expansion expand(String address) {
        Optional<MailAddress> parsed = parseInput(address);
        if (parsed.isEmpty()) {
            return Expansion.failed(BAD_SYNTAX);
        }
        Run run = new Run();
        try {
            run.virtual(parsed.get(), 0);
        } catch (Failure failure) {
            return Expansion.failed(failure.getMessage());
        }
        return new Expansion(new ArrayList<>(run.targets.values()), Optional.empty());
    }

    /**
     * True when a virtual(5) entry matches the address, by any of the lookups {@link #expand} makes
     * (including the catch-all).
     */
    public boolean hasVirtualEntry(String address) {
        return parseInput(address).flatMap(this::virtualLookup).isPresent();
    }

    /** True when the local aliases have an entry for this local part, with or without its extension. */
    public boolean hasLocalAlias(String localPart) {
        return localAlias(localPart).isPresent();
    }

    /** True when the domain is a virtual alias domain (declared in virtual(5)). */
    public boolean isVirtualAliasDomain(String domain) {
        return maps.virtualDomains().contains(domain.toLowerCase(Locale.ROOT));
    }

    private Optional<MailAddress> parseInput(String text) {
        String s = text.strip();
        if (s.length() > 2 && s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        return MailAddress.parse(s).map(this::qualify);
    }

    private MailAddress qualify(MailAddress address) {
        return address.domain().isPresent() ? address : address.withDomain(domains.myorigin());
    }

    /** Index where the extension's delimiter is in an unquoted local part, or -1. */
    private int delimiterIndex(String local) {
        for (int i = 1; i < local.length() - 1; i++) {
            if (delimiters.indexOf(local.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The key that matched in the local aliases: the local part, or the local part without extension. */
    private Optional<String> localAlias(String localPart) {
        String local = AliasText.unquoted(localPart);
        String full = local.toLowerCase(Locale.ROOT);
        if (maps.local().containsKey(full)) {
            return Optional.of(full);
        }
        int cut = delimiterIndex(local);
        if (cut > 0) {
            String bare = local.substring(0, cut).toLowerCase(Locale.ROOT);
            if (maps.local().containsKey(bare)) {
                return Optional.of(bare);
            }
        }
        return Optional.empty();
    }

    /** A virtual(5) match: the results, and the extension to append to them (empty for none). */
    private record Match(List<String> results, String extension) {
    }

    private Optional<Match> virtualLookup(MailAddress address) {
        Map<String, List<String>> table = maps.virtual();
        String domain = address.domainLowerCase().orElseThrow();
        String local = AliasText.unquoted(address.localPart());
        String full = local.toLowerCase(Locale.ROOT);
        int cut = delimiterIndex(local);
        String bare = cut > 0 ? local.substring(0, cut).toLowerCase(Locale.ROOT) : null;
        String extension = cut > 0 ? local.substring(cut) : "";
        List<String> hit;
        if ((hit = table.get(full + "@" + domain)) != null) {
            return Optional.of(new Match(hit, ""));
        }
        if (bare != null && (hit = table.get(bare + "@" + domain)) != null) {
            return Optional.of(new Match(hit, extension));
        }
        boolean local0 = domains.isLocalDomain(domain) || domain.equalsIgnoreCase(domains.myorigin());
        if (local0 && !full.contains("@")) {
            if ((hit = table.get(full)) != null) {
                return Optional.of(new Match(hit, ""));
            }
            if (bare != null && (hit = table.get(bare)) != null) {
                return Optional.of(new Match(hit, extension));
            }
        }
        if ((hit = table.get("@" + domain)) != null) {
            return Optional.of(new Match(hit, ""));
        }
        return Optional.empty();
    }

    private static String key(MailAddress address) {
        return AliasText.lookupForm(address.localPart()) + "@" + address.domainLowerCase().orElse("");
    }

    /** The state of one expansion. */
    private final class Run {

        final Map<String, Target> targets = new LinkedHashMap<>();
        /** Nodes being expanded: a node met again here is a loop. */
        final Set<String> path = new HashSet<>();
        /** Nodes fully expanded: their targets are already in {@link #targets}. */
        final Set<String> done = new HashSet<>();
        int steps;
        /** The owner of the innermost list being expanded, or empty. */
        String owner = "";

        /** Virtual alias expansion of a qualified address. */
        void virtual(MailAddress address, int depth) {
            String node = "virtual " + key(address);
            if (!enter(node, address, depth)) {
                return;
            }
            Optional<Match> match = virtualLookup(address);
            if (match.isEmpty()) {
                afterVirtual(address, depth);
            } else {
                for (String result : match.get().results()) {
                    MailAddress next = result(address, result, match.get().extension());
                    if (key(next).equals(key(address))) {
                        afterVirtual(address, depth);
                    } else {
                        virtual(next, depth + 1);
                    }
                }
            }
            leave(node);
        }

        /** Where an address goes that virtual aliasing leaves alone. */
        void afterVirtual(MailAddress address, int depth) {
            String domain = address.domainLowerCase().orElseThrow();
            if (domains.isLocalDomain(domain)) {
                local(address, depth + 1);
            } else if (maps.virtualDomains().contains(domain)) {
                throw new Failure(UNKNOWN);
            } else {
                add(new Target(address.toString(), ""));
            }
        }

        /** Local alias expansion of an address in a local domain. */
        void local(MailAddress address, int depth) {
            String name = AliasText.lookupForm(address.localPart());
            String node = "local " + name;
            if (!enter(node, address, depth)) {
                return;
            }
            Optional<String> alias = localAlias(address.localPart());
            AliasMaps.Forward forward = alias.isEmpty() ? maps.forwards().get(address.user(delimiters)) : null;
            if (forward != null) {
                forward(address, forward, depth);
            } else if (alias.isEmpty()) {
                add(new Target(address.toString(), address.user(delimiters)));
            } else {
                String outerOwner = owner;
                if (maps.local().containsKey("owner-" + alias.get())) {
                    owner = "owner-" + alias.get() + "@" + domains.myorigin();
                }
                for (String target : maps.local().get(alias.get())) {
                    MailAddress next = qualify(parseStored(target, alias.get()));
                    String nextName = AliasText.lookupForm(next.localPart());
                    if (!domains.isLocalDomain(next.domainLowerCase().orElseThrow())) {
                        virtual(next, depth + 1);
                    } else if (nextName.equals(alias.get()) || nextName.equals(name)) {
                        add(new Target(address.toString(), address.user(delimiters)));
                    } else {
                        local(next, depth + 1);
                    }
                }
                owner = outerOwner;
            }
            leave(node);
        }

        /**
         * An account's forwarding: its mail goes to the targets (through the virtual and local
         * aliases again, as local(8) resubmits forwarded mail to cleanup), and to its own mailbox
         * as well when a copy is kept or the account forwards to itself.
         */
        void forward(MailAddress address, AliasMaps.Forward forward, int depth) {
            String user = address.user(delimiters);
            if (forward.keepCopy()) {
                add(new Target(address.toString(), user));
            }
            for (String target : forward.targets()) {
                MailAddress next = qualify(parseStored(target, "forward of " + user));
                boolean local = domains.isLocalDomain(next.domainLowerCase().orElseThrow());
                if (local && next.user(delimiters).equals(user)) {
                    add(new Target(address.toString(), user));
                } else {
                    virtual(next, depth + 1);
                }
            }
        }

        /**
         * Starts expanding a node: false when it was expanded before (its targets are already
         * there); a node that is still being expanded is a loop.
         */
        boolean enter(String node, MailAddress address, int depth) {
            if (path.contains(node)) {
                throw new Failure("5.4.6 mail forwarding loop for <" + address + ">");
            }
            if (done.contains(node)) {
                return false;
            }
            step(depth);
            path.add(node);
            return true;
        }

        void leave(String node) {
            path.remove(node);
            done.add(node);
        }

        void step(int depth) {
            if (depth > MAX_DEPTH || ++steps > MAX_STEPS) {
                throw new Failure(LIMIT);
            }
        }

        void add(Target target) {
            String key = target.address().toLowerCase(Locale.ROOT);
            if (!targets.containsKey(key)) {
                if (targets.size() >= MAX_TARGETS) {
                    throw new Failure(LIMIT);
                }
                targets.put(key, owner.isEmpty() ? target : new Target(target.address(), target.mailbox(), owner));
            }
        }
    }

    /** One virtual(5) result for {@code address}, with the propagated extension, qualified. */
    private MailAddress result(MailAddress address, String result, String extension) {
        if (result.startsWith("@") && result.length() > 1) {
            return new MailAddress(address.localPart(), Optional.of(result.substring(1)));
        }
        MailAddress parsed = parseStored(result, key(address));
        if (!extension.isEmpty()) {
            String local = parsed.localPart();
            local = AliasText.isQuoted(local)
                    ? local.substring(0, local.length() - 1) + extension + "\""
                    : local + extension;
            parsed = new MailAddress(local, parsed.domain());
        }
        return qualify(parsed);
    }

    private static MailAddress parseStored(String target, String key) {
        return MailAddress.parse(target)
                .orElseThrow(() -> new Failure("5.3.0 invalid target \"" + target + "\" in alias table entry " + key));
    }

    /** Stops an expansion with a DSN status and text. */
    private static final class Failure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
