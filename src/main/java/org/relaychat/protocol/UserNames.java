package org.relaychat.protocol;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import org.relaychat.config.Limits;

/**
 * What a user name may be. Any script, emoji and punctuation; never what can make a name look
 * like another or disturb the text around it where it is shown:
 * <ul>
 * <li>control characters, line and paragraph separators;</li>
 * <li>bidirectional controls (embeddings, overrides, isolates, and the direction marks), which
 * can turn "alice" around or reorder what follows the name;</li>
 * <li>invisible characters: the zero-width space, word joiner, byte order mark and other format
 * characters, with two exceptions. The zero-width joiner and non-joiner are allowed between two
 * other characters, where emoji sequences (👩‍💻) and scripts such as Persian and the Indic ones
 * need them, but not at either end or twice in a row, where they only make a look-alike; and the
 * tag characters that spell out subdivision flags (🏴󠁧󠁢󠁳󠁣󠁴󠁿).</li>
 * </ul>
 * A name must show something: at least one letter, digit, symbol or punctuation mark.
 */
public final class UserNames {

    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int FIRST_TAG = 0xE0020;
    private static final int LAST_TAG = 0xE007F;

    /**
     * The names the server speaks under ({@code user} {@code Relay}, {@code from} {@code server}
     * on its announcements) and those a reader would take for it.
     */
    private static final Set<String> RESERVED = Set.of("relay", "server", "system", "admin", "administrator");

    private UserNames() {
    }

    /** 1 to 32 characters of the kinds above. */
    public static boolean isUserName(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > Limits.MAX_USER_NAME_LENGTH
                || !ClientFrameDecoder.isWellFormed(name)) {
            return false;
        }
        int[] codePoints = name.codePoints().toArray();
        boolean visible = false;
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            if (isJoiner(c)) {
                if (i == 0 || i == codePoints.length - 1 || isJoiner(codePoints[i + 1])) {
                    return false;
                }
            } else if (!(c >= FIRST_TAG && c <= LAST_TAG) && isRefused(c)) {
                return false;
            }
            visible |= isVisible(c);
        }
        return visible;
    }

    /**
     * Whether a name is the server's or looks like it: compared after compatibility
     * normalisation and case folding, so "ＲＥＬＡＹ" and "SERVER" are reserved too.
     */
    public static boolean isReserved(String name) {
        return RESERVED.contains(Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip());
    }

    private static boolean isJoiner(int c) {
        return c == ZERO_WIDTH_JOINER || c == ZERO_WIDTH_NON_JOINER;
    }

    private static boolean isRefused(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }

    private static boolean isVisible(int c) {
        return Character.isLetterOrDigit(c) || switch (Character.getType(c)) {
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }
}
