package org.evidencepipeline.enricher.language;

import java.util.regex.Pattern;

/**
 * The part of a post that says something about its language: URLs, @mentions, #hashtags, emoji, digits
 * and symbols removed (they are language-neutral or, like transliterated hashtags, misleading).
 */
public final class DetectionText {
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_])@[\\p{L}\\p{N}_.]+(?:@[\\p{L}\\p{N}_.-]+)?");
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_&])#[\\p{L}\\p{N}_]+");
    // Anything that is not a letter, a combining mark, an apostrophe used inside Ukrainian/English words, or space.
    private static final Pattern NOT_WORDS = Pattern.compile("[^\\p{L}\\p{M}'’ʼ\\s]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private DetectionText() {
    }

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        String s = URL.matcher(text).replaceAll(" ");
        s = MENTION.matcher(s).replaceAll(" ");
        s = HASHTAG.matcher(s).replaceAll(" ");
        s = NOT_WORDS.matcher(s).replaceAll(" ");
        return SPACES.matcher(s).replaceAll(" ").strip();
    }

    public static int words(String cleaned) {
        if (cleaned.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (String w : SPACES.split(cleaned)) {
            if (w.codePoints().anyMatch(Character::isLetter)) {
                n++;
            }
        }
        return n;
    }
}
