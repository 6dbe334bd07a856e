package org.evidencepipeline.capturer.proxy;

import java.io.IOException;
import java.util.Locale;

/**
 * Where one request goes: scheme, host and port to connect to, the origin-form target sent on, and the absolute URL
 * recorded. Parsed by hand because browsers send targets (e.g. {@code {}|} in a query) that {@code java.net.URI}
 * rejects; the bytes of path and query are passed on unchanged.
 */
record Target(String scheme, String host, int port, String pathAndQuery) {

    /** An absolute-form request target ({@code http://host:port/path?q}). */
    static Target absolute(String target) throws IOException {
        int sep = target.indexOf("://");
        if (sep <= 0) {
            throw new IOException("not an absolute-form request target");
        }
        String scheme = target.substring(0, sep).toLowerCase(Locale.ROOT);
        int start = sep + 3;
        int end = start;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        String rest = end < target.length() ? target.substring(end) : "/";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        if (rest.startsWith("?")) {
            rest = "/" + rest;
        }
        return authority(scheme, target.substring(start, end), rest);
    }

    /** {@code host:port} of a CONNECT, or a Host header, with the scheme the request runs under. */
    static Target authority(String scheme, String authority, String pathAndQuery) throws IOException {
        String a = authority.substring(authority.lastIndexOf('@') + 1); // userinfo is never sent on
        String host;
        String port = null;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                throw new IOException("malformed IPv6 authority");
            }
            host = a.substring(0, close + 1);
            if (close + 1 < a.length() && a.charAt(close + 1) == ':') {
                port = a.substring(close + 2);
            }
        } else {
            int colon = a.lastIndexOf(':');
            host = colon >= 0 ? a.substring(0, colon) : a;
            port = colon >= 0 ? a.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            throw new IOException("no host in request target");
        }
        int p;
        try {
            p = port == null || port.isEmpty() ? defaultPort(scheme) : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IOException("malformed port");
        }
        if (p <= 0 || p > 65535) {
            throw new IOException("port out of range");
        }
        return new Target(scheme, host.toLowerCase(Locale.ROOT), p, pathAndQuery);
    }

    Target withScheme(String s) {
        return new Target(s, host, port, pathAndQuery);
    }

    Target withPath(String p) {
        return new Target(scheme, host, port, p);
    }

    boolean tls() {
        return scheme.equals("https") || scheme.equals("wss");
    }

    /** The host without IPv6 brackets, for resolving and SNI. */
    String bareHost() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The Host header value: the port only when it is not the scheme's default. */
    String hostHeader() {
        return port == defaultPort(scheme) ? host : host + ":" + port;
    }

    String url() {
        return scheme + "://" + hostHeader() + pathAndQuery;
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }
}
