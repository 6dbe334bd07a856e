package org.evidencepipeline.enricher.language;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Cyrillic alphabets of the languages the tagger knows, used as hard evidence beside Lingua's scores: a text
 * with a letter a language does not have is not in that language (ї is not Russian, и and щ are not Belarusian,
 * ҳ and ҷ are in none of them), and Kazakh, whose alphabet contains the Russian one, needs one of the letters that
 * neither Russian nor Kyrgyz has (ә ғ қ ұ һ).
 *
 * <p>Why: Lingua 1.2.2's alphabet shortcut maps щ to Bulgarian, Kazakh, Mongolian and Russian only, so a Ukrainian
 * sentence with both щ and і comes out as Kazakh with no rival (9 of 300 Ukrainian catalogue strings), and a Tajik,
 * Tatar or Kyrgyz text, which no model covers, lands on the nearest Cyrillic model.
 */
final class Alphabets {
    private static final Map<String, String> LETTERS = Map.of(
            "ru", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
            "uk", "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
            "be", "абвгґдеёжзійклмнопрстуўфхцчшыьэюя",
            "bg", "абвгдежзийклмнопрстуфхцчшщъьюяѝ",
            "mk", "абвгдѓежзѕијклљмнњопрстќуфхцчџшѐѝ",
            "sr", "абвгдђежзијклљмнњопрстћуфхцчџш",
            "kk", "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
            "mn", "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя");
    /** Letters a text must show at least one of before it can be this language. */
    private static final Map<String, String> NEEDS_ONE_OF = Map.of("kk", "әғқұһ");

    private Alphabets() {
    }

    /** The lower-case Cyrillic letters of a text (other scripts are Lingua's business). */
    static Set<Integer> cyrillicLetters(String text) {
        Set<Integer> letters = new TreeSet<>();
        text.codePoints()
                .filter(c -> Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC)
                .map(Character::toLowerCase)
                .forEach(letters::add);
        return letters;
    }

    /** Whether a text with these Cyrillic letters can be in {@code code}; always true for a language not listed. */
    static boolean allows(String code, Set<Integer> letters) {
        String alphabet = LETTERS.get(code);
        if (alphabet == null || letters.isEmpty()) {
            return alphabet == null || !NEEDS_ONE_OF.containsKey(code);
        }
        for (int c : letters) {
            if (alphabet.indexOf(c) < 0) {
                return false;
            }
        }
        String needed = NEEDS_ONE_OF.get(code);
        return needed == null || letters.stream().anyMatch(c -> needed.indexOf(c) >= 0);
    }

    /**
     * The one listed Cyrillic language among {@code known} whose alphabet the letters allow, if exactly one does
     * (for example і with щ: Ukrainian only).
     */
    static Optional<String> onlyAlphabetFor(Set<Integer> letters, Set<String> known) {
        if (letters.isEmpty()) {
            return Optional.empty();
        }
        String only = null;
        for (String code : LETTERS.keySet()) {
            if (known.contains(code) && allows(code, letters)) {
                if (only != null) {
                    return Optional.empty();
                }
                only = code;
            }
        }
        return Optional.ofNullable(only);
    }
}
