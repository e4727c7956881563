package dev.baton.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlavorTest {

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "MySQL", "MYSQL", " mysql "})
  void parsesMysqlIgnoringCaseAndSurroundingBlanks(String text) {
    assertThat(Flavor.parse(text)).isEqualTo(Flavor.MYSQL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mariadb", "MariaDB", "MARIADB", "\tmariadb\n"})
  void parsesMariadbIgnoringCaseAndSurroundingBlanks(String text) {
    assertThat(Flavor.parse(text)).isEqualTo(Flavor.MARIADB);
  }

  @Test
  void unknownFlavorIsRefusedWithOneLineNamingTheValueAndTheValidChoices() {
    assertThatThrownBy(() -> Flavor.parse("postgres"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("'postgres'")
        .hasMessageContaining("mysql, mariadb")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "percona", "my sql"})
  void blankOrNearMissFlavorsAreRefused(String text) {
    assertThatThrownBy(() -> Flavor.parse(text)).isInstanceOf(InvalidSettingException.class);
  }

  @Test
  void missingFlavorIsRefusedRatherThanThrowingNullPointer() {
    assertThatThrownBy(() -> Flavor.parse(null))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("mysql, mariadb");
  }

  @Test
  void idAndToStringAreTheLowerCaseNames() {
    assertThat(Flavor.MYSQL.id()).isEqualTo("mysql");
    assertThat(Flavor.MARIADB).hasToString("mariadb");
  }

  @Test
  void everyFlavorParsesFromItsOwnId() {
    for (Flavor f : Flavor.values()) {
      assertThat(Flavor.parse(f.id())).isEqualTo(f);
    }
  }
}
