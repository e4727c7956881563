package dev.baton.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsTest {

  @ParameterizedTest
  @ValueSource(longs = {0L, 1L, 42L, -7L, Long.MAX_VALUE})
  void everyUserGetsAPasswordOf24LettersAndDigits(long seed) {
    Credentials c = Credentials.generate(new Random(seed));

    for (DbUser u : DbUser.values()) {
      assertThat(c.password(u)).hasSize(Credentials.PASSWORD_LENGTH).matches("[A-Za-z0-9]{24}");
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, 1L, 42L, -7L, Long.MAX_VALUE})
  void everyUserGetsADistinctPasswordAndTheTokenDiffersFromAll(long seed) {
    Credentials c = Credentials.generate(new Random(seed));
    Set<String> secrets = new HashSet<>();
    for (DbUser u : DbUser.values()) {
      secrets.add(c.password(u));
    }
    secrets.add(c.apiToken());

    assertThat(secrets).hasSize(DbUser.values().length + 1);
  }

  @Test
  void theApiTokenIs32LettersAndDigits() {
    assertThat(Credentials.generate(new Random(3)).apiToken()).matches("[A-Za-z0-9]{32}");
  }

  @Test
  void theSameSeedGivesTheSameCredentialsAndAnotherSeedDifferentOnes() {
    Credentials a = Credentials.generate(new Random(99));
    Credentials b = Credentials.generate(new Random(99));
    Credentials c = Credentials.generate(new Random(100));

    assertThat(a).isEqualTo(b);
    assertThat(c.password(DbUser.ROOT)).isNotEqualTo(a.password(DbUser.ROOT));
  }

  @Test
  void toStringNeverShowsAPasswordOrTheToken() {
    Credentials c = Credentials.generate(new Random(5));

    String shown = c.toString();

    for (DbUser u : DbUser.values()) {
      assertThat(shown).doesNotContain(c.password(u));
    }
    assertThat(shown).doesNotContain(c.apiToken()).contains("secrets hidden");
  }

  @Test
  void refusesAMissingUserNamingIt() {
    Map<DbUser, String> pw = allPasswords();
    pw.remove(DbUser.MONITOR);

    assertThatThrownBy(() -> new Credentials(pw, "token"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("monitor");
  }

  @Test
  void refusesAnEmptyPassword() {
    Map<DbUser, String> pw = allPasswords();
    pw.put(DbUser.APP, "");

    assertThatThrownBy(() -> new Credentials(pw, "token"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("app");
  }

  @Test
  void refusesAMissingToken() {
    assertThatThrownBy(() -> new Credentials(allPasswords(), null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void keepsItsOwnCopyOfThePasswords() {
    Map<DbUser, String> pw = allPasswords();
    Credentials c = new Credentials(pw, "token");
    pw.put(DbUser.ROOT, "changed");

    assertThat(c.password(DbUser.ROOT)).isEqualTo("pw-root");
  }

  @Test
  void usersAreFoundByTheirAccountName() {
    assertThat(DbUser.byUserName("baton")).contains(DbUser.MANAGER);
    assertThat(DbUser.byUserName("repl")).contains(DbUser.REPLICATION);
    assertThat(DbUser.byUserName("orchestrator")).isEmpty();
  }

  private static Map<DbUser, String> allPasswords() {
    Map<DbUser, String> pw = new EnumMap<>(DbUser.class);
    for (DbUser u : DbUser.values()) {
      pw.put(u, "pw-" + u.userName());
    }
    return pw;
  }
}
