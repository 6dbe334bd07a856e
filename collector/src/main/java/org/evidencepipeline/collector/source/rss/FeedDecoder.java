package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.collector.source.PayloadCharset;
import org.evidencepipeline.collector.source.PayloadCharset.Basis;
import org.mozilla.universalchardet.UniversalDetector;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns feed bytes into text before the XML parser sees them, so the parser reads characters, not bytes, and the
 * charset is decided here, in this order: the HTTP Content-Type {@code charset}, a byte order mark, the XML
 * declaration's {@code encoding}, then (nothing declared) UTF-8 if the bytes are valid UTF-8, else detection by
 * juniversalchardet. Real feeds get every one of these wrong somewhere: Russian feeds in KOI8-R or windows-1251
 * declaring nothing, a BOM, blank lines before {@code <?xml} (which XML forbids, and the parser refuses).
 * A BOM and any whitespace before the first {@code <} are removed; nothing else is changed, so a DOCTYPE is still
 * there for the parser to refuse.
 */
final class FeedDecoder {
    private static final Pattern DECLARED_ENCODING = Pattern.compile("^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._:-]*)[\"']");
    /** How much of the body detection looks at: enough for any feed's first items, bounded for huge ones. */
    private static final int DETECTION_BYTES = 256 * 1024;

    /**
     * Decoded text and how its charset was chosen; {@code text} is what the body's bytes from {@code textStart} on
     * decode to with {@code decodedWith}, less its first {@code leadingChars} characters (BOM, whitespace).
     */
    record Decoded(String text, PayloadCharset charset, Charset decodedWith, int textStart, int leadingChars) {
    }

    Decoded decode(byte[] body, String contentType) {
        Bom bom = Bom.of(body);
        Charset fromHeader = PayloadCharset.ofContentType(contentType);
        if (fromHeader != null) {
            // The header wins even over a BOM; a BOM of that same charset is still not text.
            if (bom != null && fromHeader.equals(StandardCharsets.UTF_16) && bom.charset.name().startsWith("UTF-16")) {
                // "UTF-16" means: endianness by the BOM. Decoding with the BOM's own charset reads the same text, and
                // lets a slice of the body (which has no BOM) be decoded alone, as raw items are checked.
                return decoded(body, bom.length, bom.charset, Basis.HTTP_HEADER);
            }
            int skip = bom != null && bom.charset.equals(fromHeader) ? bom.length : 0;
            return decoded(body, skip, fromHeader, Basis.HTTP_HEADER);
        }
        if (bom != null) {
            return decoded(body, bom.length, bom.charset, Basis.BOM);
        }
        Charset declared = declaredEncoding(body);
        if (declared != null) {
            return decoded(body, 0, declared, Basis.XML_DECLARATION);
        }
        if (isValidUtf8(body)) {
            return decoded(body, 0, StandardCharsets.UTF_8, Basis.VALID_UTF8);
        }
        Charset detected = detect(body);
        return detected != null ? decoded(body, 0, detected, Basis.DETECTED)
                : decoded(body, 0, StandardCharsets.UTF_8, Basis.FALLBACK_UTF8);
    }

    private static Decoded decoded(byte[] body, int skip, Charset charset, Basis basis) {
        String text = new String(body, skip, body.length - skip, charset);
        String stripped = stripLeading(text);
        return new Decoded(stripped, new PayloadCharset(charset.name(), basis), charset, skip, text.length() - stripped.length());
    }

    /** Drops a BOM (however it was decoded) and XML whitespace before the first markup. */
    static String stripLeading(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else {
                break;
            }
        }
        return text.substring(i);
    }

    /**
     * The XML declaration's encoding, read as ASCII after any leading whitespace; or UTF-16 when the body starts
     * with {@code <?} in UTF-16 without a BOM (XML 1.0 appendix F).
     */
    static Charset declaredEncoding(byte[] body) {
        if (body.length >= 4 && body[0] == 0 && body[1] == '<' && body[2] == 0 && body[3] == '?') {
            return StandardCharsets.UTF_16BE;
        }
        if (body.length >= 4 && body[0] == '<' && body[1] == 0 && body[2] == '?' && body[3] == 0) {
            return StandardCharsets.UTF_16LE;
        }
        String head = stripLeading(new String(body, 0, Math.min(body.length, 1024), StandardCharsets.ISO_8859_1));
        Matcher m = DECLARED_ENCODING.matcher(head);
        Charset declared = m.find() ? PayloadCharset.named(m.group(1)) : null;
        // A declaration readable as ASCII cannot be in a 2- or 4-byte encoding, whatever it says.
        return declared != null && declared.name().startsWith("UTF-16") || declared != null && declared.name().startsWith("UTF-32")
                ? null : declared;
    }

    private static boolean isValidUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Charset detect(byte[] body) {
        UniversalDetector detector = new UniversalDetector();
        detector.handleData(body, 0, Math.min(body.length, DETECTION_BYTES));
        detector.dataEnd();
        String name = detector.getDetectedCharset();
        return name == null ? null : PayloadCharset.named(name);
    }

    private record Bom(Charset charset, int length) {
        static Bom of(byte[] b) {
            if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
                return new Bom(StandardCharsets.UTF_8, 3);
            }
            if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
                return new Bom(StandardCharsets.UTF_16BE, 2);
            }
            if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
                return new Bom(StandardCharsets.UTF_16LE, 2);
            }
            return null;
        }
    }
}
