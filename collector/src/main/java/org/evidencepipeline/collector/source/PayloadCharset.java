package org.evidencepipeline.collector.source;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The character set a fetched body was decoded with, and what said so: recorded on the source's status so an
 * operator can see why a feed reads as it does (e.g. a KOI8-R feed that declares nothing is read by detection).
 */
public record PayloadCharset(String charset, Basis basis) {
    /** Where the charset came from, in the order they are consulted. */
    public enum Basis {
        /** The {@code charset} parameter of the HTTP Content-Type (it wins over the body, as RFC 7303 says). */
        HTTP_HEADER,
        /** A byte order mark at the start of the body. */
        BOM,
        /** The {@code encoding} of the XML declaration (or the byte pattern of {@code <?xml} in UTF-16). */
        XML_DECLARATION,
        /** Nothing declared and the bytes are valid UTF-8: the XML default. */
        VALID_UTF8,
        /** Nothing declared, not UTF-8: guessed by juniversalchardet from the bytes. */
        DETECTED,
        /** Nothing declared and detection had no answer: UTF-8 with replacement characters. */
        FALLBACK_UTF8
    }

    private static final Pattern HEADER_CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)\"?");

    /** The charset a Content-Type header names, or null when it names none this JVM knows. */
    public static Charset ofContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher m = HEADER_CHARSET.matcher(contentType);
        return m.find() ? named(m.group(1)) : null;
    }

    /** A charset by name, or null when the name is malformed or this JVM does not have it (the next step decides). */
    public static Charset named(String name) {
        try {
            return Charset.forName(name.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    public PayloadCharset {
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(basis, "basis");
    }

    @Override
    public String toString() {
        return charset + " (" + basis.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
    }
}
