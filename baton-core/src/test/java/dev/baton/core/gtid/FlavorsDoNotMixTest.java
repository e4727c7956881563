package dev.baton.core.gtid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The point of the sealed generic hierarchy: code that mixes flavors is refused by the compiler. */
class FlavorsDoNotMixTest {
  @TempDir
  Path out;

  @ParameterizedTest
  @ValueSource(strings = {
      "mysql.contains(mariadb)",
      "mariadb.isContainedIn(mysql)",
      "!mysql.union(mariadb).isEmpty()",
      "!mariadb.subtract(mysql).isEmpty()",
      "newest(mysql, mariadb) != null",
      "((GtidSet<?>) mysql).contains(mariadb)"})
  void codeThatMixesFlavorsDoesNotCompile(String expression) {
    assertThat(compile(expression)).contains("error:");
  }

  @Test
  void theSameCodeWithOneFlavorCompiles() {
    assertThat(compile("mysql.contains(mysql) && mariadb.isContainedIn(newest(mariadb, mariadb))")).isEmpty();
  }

  /** Compiles one expression against the main classes; returns the compiler's diagnostics. */
  private String compile(String expression) {
    String source = """
        import dev.baton.core.gtid.*;
        class Caller {
          static <S extends GtidSet<S>> S newest(S a, S b) {
            return a.union(b);
          }
          boolean call(MysqlGtidSet mysql, MariadbGtidPosition mariadb) {
            return %s;
          }
        }
        """.formatted(expression);
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Caller.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    String classes = Path.of(GtidSet.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    javac.getTask(diagnostics, null, null, List.of("-classpath", classes, "-d", out.toString()), null, List.of(file)).call();
    return diagnostics.toString();
  }
}
