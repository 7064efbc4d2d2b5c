package io.kurir.mime.sort;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Writes threads in the syntax of the THREAD response (RFC 5256 §4): {@code thread-list = "(" (thread-members /
 * thread-nested) ")"}, {@code thread-members = nz-number *(SP nz-number) [SP thread-nested]},
 * {@code thread-nested = 2*thread-list}. A single child continues its parent's list ({@code (3 6)}), two or more
 * children are nested lists ({@code (3 6 (4 23)(44 7 96))}), a dummy with children is {@code ((1)(2))}.
 */
public final class ThreadResponse {

    private ThreadResponse() {
    }

    /**
     * The thread lists one after the other, e.g. {@code (2)(3 6 (4 23)(44 7 96))}, numbering each message with
     * {@code number} ({@link SortInput#sequence()} for THREAD, {@link SortInput#uid()} for UID THREAD). No threads
     * give the empty string; the caller writes {@code "* THREAD"}, then a space and this text when it is not empty.
     */
    public static String render(List<ThreadNode> threads, ToLongFunction<SortInput> number) {
        StringBuilder out = new StringBuilder();
        Deque<Object> work = new ArrayDeque<>(); // Strings to write and ThreadNodes to expand, top first
        for (int i = threads.size() - 1; i >= 0; i--) {
            pushList(work, threads.get(i));
        }
        while (!work.isEmpty()) {
            Object next = work.pop();
            if (next instanceof String text) {
                out.append(text);
                continue;
            }
            ThreadNode node = (ThreadNode) next;
            List<ThreadNode> children = node.children();
            node.message().ifPresent(message -> out.append(number.applyAsLong(message)));
            if (children.size() == 1) {
                work.push(children.get(0));
                if (!node.isDummy()) {
                    work.push(" ");
                }
            } else if (children.size() > 1) {
                for (int i = children.size() - 1; i >= 0; i--) {
                    pushList(work, children.get(i));
                }
                if (!node.isDummy()) {
                    work.push(" ");
                }
            }
        }
        return out.toString();
    }

    /** "(" node ")", pushed so that "(" comes off first. */
    private static void pushList(Deque<Object> work, ThreadNode node) {
        work.push(")");
        work.push(node);
        work.push("(");
    }
}
