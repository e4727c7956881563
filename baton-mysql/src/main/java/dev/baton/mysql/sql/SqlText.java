package dev.baton.mysql.sql;

/** Quoting for values that must be written into statements that take no bind parameters (CHANGE SOURCE, CREATE USER). */
public final class SqlText {
  private SqlText() {}

  /** A string literal in single quotes, safe for any content. */
  public static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\'' -> sb.append("\\'");
        case '\\' -> sb.append("\\\\");
        case '\0' -> sb.append("\\0");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }

  /** An identifier in backquotes. */
  public static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
