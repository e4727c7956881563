package dev.baton.mysql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SqlTextTest {
  /** Characters that matter to the MySQL lexer, mixed with plain ones. */
  private static final char[] ALPHABET = {'a', 'Z', '0', ' ', '\'', '"', '\\', '\0', '\n', '\r', '`', ';', '%', '_',
      '\t', 'é', '\u2603'};

  @Test
  void plainTextIsOnlyWrappedInSingleQuotes() {
    assertThat(SqlText.quote("s3cret")).isEqualTo("'s3cret'");
  }

  @Test
  void emptyTextIsTwoQuotes() {
    assertThat(SqlText.quote("")).isEqualTo("''");
  }

  @Test
  void singleQuotesAreEscaped() {
    assertThat(SqlText.quote("it's")).isEqualTo("'it\\'s'");
  }

  @Test
  void backslashesAreEscaped() {
    assertThat(SqlText.quote("a\\b")).isEqualTo("'a\\\\b'");
  }

  @Test
  void aTrailingBackslashCannotEscapeTheClosingQuote() {
    assertThat(SqlText.quote("x\\")).isEqualTo("'x\\\\'");
  }

  @Test
  void nulAndLineBreaksAreEscaped() {
    assertThat(SqlText.quote("a\0b\nc\rd")).isEqualTo("'a\\0b\\nc\\rd'");
  }

  @Test
  void doubleQuotesAndBackquotesNeedNoEscape() {
    assertThat(SqlText.quote("\"`")).isEqualTo("'\"`'");
  }

  @Test
  void anyTextQuotesToOneLiteralThatReadsBackAsTheText() {
    Random random = new Random(20240601L);
    for (int i = 0; i < 5_000; i++) {
      String text = randomText(random);

      String quoted = SqlText.quote(text);

      assertThat(quoted).as("quote of %s", text).startsWith("'").endsWith("'").hasSizeGreaterThanOrEqualTo(2);
      assertThat(quoted).doesNotContain("\0").doesNotContain("\n").doesNotContain("\r");
      assertThat(unquote(quoted)).as("literal %s", quoted).isEqualTo(text);
    }
  }

  @Test
  void identifiersAreBackquotedWithBackquotesDoubled() {
    assertThat(SqlText.identifier("app")).isEqualTo("`app`");
    assertThat(SqlText.identifier("a`b")).isEqualTo("`a``b`");
  }

  /**
   * Reads a literal as MySQL does (default sql_mode): fails on an unescaped quote before the end, so a
   * successful read proves the literal has exactly one closing quote.
   */
  private static String unquote(String literal) {
    StringBuilder out = new StringBuilder();
    int last = literal.length() - 1;
    for (int i = 1; i < last; i++) {
      char c = literal.charAt(i);
      if (c == '\'') {
        throw new AssertionError("unescaped quote at " + i + " in " + literal);
      }
      if (c == '\\') {
        i++;
        if (i >= last) {
          throw new AssertionError("backslash escapes the closing quote in " + literal);
        }
        char e = literal.charAt(i);
        out.append(switch (e) {
          case '0' -> '\0';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> e;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String randomText(Random random) {
    int length = random.nextInt(24);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }
}
