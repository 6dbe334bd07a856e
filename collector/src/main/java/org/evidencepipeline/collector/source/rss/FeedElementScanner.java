package org.evidencepipeline.collector.source.rss;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds where each entry element of a feed is in its text: RSS 2.0's {@code <item>} in {@code <channel>}, RSS 1.0's
 * (and 0.90's) {@code <item>} under {@code <rdf:RDF>}, Atom's (and YouTube's) {@code <entry>} under {@code <feed>}: the
 * same elements, in the same order, ROME makes its entries of. A separate pass because neither ROME nor JDOM says
 * where an element was, and the JDK's StAX reports a location only after an event, not where its start tag began.
 * <p>
 * It reads only what decides where elements start and end: tags (with attribute values, which may hold {@code >}),
 * comments, CDATA sections, processing instructions and declarations are skipped whole; namespaces are resolved so a
 * foreign {@code <x:entry>} is not taken for a post. It runs only on text ROME has already parsed as well-formed XML,
 * in one linear pass; anything it cannot follow ends the scan with no ranges, and the posts then carry no raw item.
 */
final class FeedElementScanner {
    static final String ATOM_10 = "http://www.w3.org/2005/Atom";
    static final String ATOM_03 = "http://purl.org/atom/ns#";
    static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    static final Set<String> RSS_RDF_ITEM_NS = Set.of("http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/");
    /** Far deeper than any feed; a bound on the stack for text that is not one. */
    private static final int MAX_DEPTH = 512;

    /** Characters {@code [start, end)} of the text: one element, start tag to end tag inclusive. */
    record Range(int start, int end) {
    }

    private record Open(String localName, String namespace, Map<String, String> declared, int start, boolean isEntry) {
    }

    /** Thrown inside the scan when the text is not what it can follow. */
    private static final class Unfollowable extends Exception {
        Unfollowable(String message) {
            super(message, null, false, false);
        }
    }

    /** The entry elements in document order, or an empty list (with {@code why}) when the text cannot be followed. */
    record Result(List<Range> entries, String why) {
    }

    Result scan(String text) {
        try {
            return new Result(entries(text), null);
        } catch (Unfollowable e) {
            return new Result(List.of(), e.getMessage());
        }
    }

    private List<Range> entries(String s) throws Unfollowable {
        List<Range> found = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int lt = s.indexOf('<', i);
            if (lt < 0) {
                break;
            }
            if (s.startsWith("<!--", lt)) {
                i = after(s, "-->", lt + 4);
            } else if (s.startsWith("<![CDATA[", lt)) {
                i = after(s, "]]>", lt + 9);
            } else if (s.startsWith("<?", lt)) {
                i = after(s, "?>", lt + 2);
            } else if (s.startsWith("<!", lt)) {
                i = afterDeclaration(s, lt + 2);
            } else if (s.startsWith("</", lt)) {
                int gt = s.indexOf('>', lt + 2);
                if (gt < 0 || open.isEmpty()) {
                    throw new Unfollowable("an end tag at " + lt + " closes nothing");
                }
                Open closed = open.pop();
                if (!closed.localName.equals(localName(s.substring(lt + 2, gt).strip()))) {
                    throw new Unfollowable("the end tag at " + lt + " does not close <" + closed.localName + ">");
                }
                i = gt + 1;
                if (closed.isEntry) {
                    found.add(new Range(closed.start, i));
                }
            } else {
                i = startTag(s, lt, open, found);
            }
        }
        if (!open.isEmpty()) {
            throw new Unfollowable("the text ends inside <" + open.peek().localName + ">");
        }
        return found;
    }

    /** Reads the start tag at {@code lt}; returns the index after it. */
    private int startTag(String s, int lt, Deque<Open> open, List<Range> found) throws Unfollowable {
        int n = s.length();
        int i = lt + 1;
        while (i < n && !isSpace(s.charAt(i)) && s.charAt(i) != '>' && s.charAt(i) != '/') {
            i++;
        }
        String qName = s.substring(lt + 1, i);
        if (qName.isEmpty()) {
            throw new Unfollowable("a '<' at " + lt + " starts no tag");
        }
        Map<String, String> declared = null;
        boolean empty = false;
        while (true) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                throw new Unfollowable("the tag at " + lt + " is not closed");
            }
            char c = s.charAt(i);
            if (c == '>') {
                i++;
                break;
            }
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '>') {
                empty = true;
                i += 2;
                break;
            }
            int nameStart = i;
            while (i < n && s.charAt(i) != '=' && !isSpace(s.charAt(i)) && s.charAt(i) != '>') {
                i++;
            }
            String attribute = s.substring(nameStart, i);
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            if (i >= n || s.charAt(i) != '=') {
                throw new Unfollowable("attribute '" + attribute + "' at " + nameStart + " has no value");
            }
            i++;
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            char quote = i < n ? s.charAt(i) : 0;
            if (quote != '"' && quote != '\'') {
                throw new Unfollowable("attribute '" + attribute + "' at " + nameStart + " is not quoted");
            }
            int close = s.indexOf(quote, i + 1);
            if (close < 0) {
                throw new Unfollowable("attribute '" + attribute + "' at " + nameStart + " is not closed");
            }
            if (attribute.equals("xmlns") || attribute.startsWith("xmlns:")) {
                if (declared == null) {
                    declared = new HashMap<>();
                }
                // Namespace names are compared as written; entity references in them do not occur in real feeds.
                declared.put(attribute.equals("xmlns") ? "" : attribute.substring(6), s.substring(i + 1, close));
            }
            i = close + 1;
        }
        if (open.size() >= MAX_DEPTH) {
            throw new Unfollowable("elements nest deeper than " + MAX_DEPTH);
        }
        Map<String, String> scope = declared == null ? Map.of() : declared;
        String local = localName(qName);
        String namespace = namespace(prefix(qName), scope, open);
        boolean isEntry = isEntry(local, namespace, open);
        if (empty) {
            if (isEntry) {
                found.add(new Range(lt, i));
            }
        } else {
            open.push(new Open(local, namespace, scope, lt, isEntry));
        }
        return i;
    }

    /**
     * Whether an element with this name, opened inside {@code open} (innermost first), is one ROME makes an entry of:
     * RSS 2.0 {@code rss/channel/item} (all in one namespace, usually none), RSS 1.0/0.90 {@code rdf:RDF/item}, Atom {@code feed/entry}.
     */
    private static boolean isEntry(String local, String namespace, Deque<Open> open) {
        if (open.isEmpty()) {
            return false;
        }
        Open root = open.peekLast();
        if (open.size() == 1 && "entry".equals(local) && "feed".equals(root.localName)
                && (ATOM_10.equals(root.namespace) || ATOM_03.equals(root.namespace)) && root.namespace.equals(namespace)) {
            return true;
        }
        if (open.size() == 1 && "item".equals(local) && "RDF".equals(root.localName) && RDF.equals(root.namespace)) {
            return RSS_RDF_ITEM_NS.contains(namespace);
        }
        // RSS 2.0 has no namespace, but ROME also reads it inside one (xmlns="http://backend.userland.com/rss2").
        return open.size() == 2 && "item".equals(local) && "rss".equals(root.localName)
                && "channel".equals(open.peek().localName) && open.peek().namespace.equals(root.namespace)
                && namespace.equals(root.namespace);
    }

    private static String namespace(String prefix, Map<String, String> own, Deque<Open> open) throws Unfollowable {
        if (own.containsKey(prefix)) {
            return own.get(prefix);
        }
        for (Open o : open) { // innermost first
            if (o.declared.containsKey(prefix)) {
                return o.declared.get(prefix);
            }
        }
        if (prefix.isEmpty()) {
            return "";
        }
        if (prefix.equals("xml")) {
            return "http://www.w3.org/XML/1998/namespace";
        }
        throw new Unfollowable("prefix '" + prefix + "' is not declared");
    }

    private static String prefix(String qName) {
        int colon = qName.indexOf(':');
        return colon < 0 ? "" : qName.substring(0, colon);
    }

    private static String localName(String qName) {
        return qName.substring(qName.indexOf(':') + 1);
    }

    private static int after(String s, String end, int from) throws Unfollowable {
        int at = s.indexOf(end, from);
        if (at < 0) {
            throw new Unfollowable("no '" + end + "' after " + from);
        }
        return at + end.length();
    }

    /** Skips {@code <!...>}, with a DOCTYPE's internal subset in brackets (ROME refuses DOCTYPEs; kept for safety). */
    private static int afterDeclaration(String s, int from) throws Unfollowable {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '>' && depth <= 0) {
                return i + 1;
            }
        }
        throw new Unfollowable("a declaration at " + from + " is not closed");
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
