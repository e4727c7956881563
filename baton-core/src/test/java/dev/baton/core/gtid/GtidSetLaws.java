package dev.baton.core.gtid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.core.cluster.InvalidSettingException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The laws failover decisions rely on, run once per flavor: union is a join, contains a
 * partial order that agrees with subtract, and text reads back to the same value.
 */
abstract class GtidSetLaws<S extends GtidSet<S>> {

  abstract S parse(String text);

  /** Values of the flavor, drawn from few sources and small numbers so that they overlap. */
  @Provide
  abstract Arbitrary<S> sets();

  /** Text close to the flavor's syntax, to reach the parser's every refusal. */
  @Provide
  abstract Arbitrary<String> nearlyValidTexts();

  @Property
  void unionIsCommutative(@ForAll("sets") S a, @ForAll("sets") S b) {
    assertThat(a.union(b)).isEqualTo(b.union(a));
  }

  @Property
  void unionIsAssociative(@ForAll("sets") S a, @ForAll("sets") S b, @ForAll("sets") S c) {
    assertThat(a.union(b).union(c)).isEqualTo(a.union(b.union(c)));
  }

  @Property
  void unionIsIdempotent(@ForAll("sets") S a) {
    assertThat(a.union(a)).isEqualTo(a);
  }

  @Property
  void eachSideIsContainedInTheUnion(@ForAll("sets") S a, @ForAll("sets") S b) {
    S union = a.union(b);

    assertThat(a.isContainedIn(union)).isTrue();
    assertThat(union.contains(b)).isTrue();
  }

  @Property
  void theEmptySetIsTheIdentityOfUnionAndSubtract(@ForAll("sets") S a) {
    S empty = parse("");

    assertThat(a.union(empty)).isEqualTo(a);
    assertThat(a.subtract(empty)).isEqualTo(a);
    assertThat(a.contains(empty)).isTrue();
    assertThat(a.subtract(a).isEmpty()).isTrue();
  }

  @Property
  void containedExactlyWhenNothingIsLeftAfterSubtracting(@ForAll("sets") S a, @ForAll("sets") S b) {
    boolean contained = a.isContainedIn(b);

    assertThat(b.contains(a)).isEqualTo(contained);
    assertThat(a.subtract(b).isEmpty()).isEqualTo(contained);
  }

  /** (a − b) ∩ b = ∅: what is left is never in b, unless nothing is left. */
  @Property
  void whatSubtractLeavesIsNeverInTheOther(@ForAll("sets") S a, @ForAll("sets") S b) {
    S left = a.subtract(b);

    assertThat(left.isContainedIn(b)).isEqualTo(left.isEmpty());
    assertThat(left.isContainedIn(a)).isTrue();
  }

  /** a = (a − b) ∪ (a ∩ b), with a − (a − b) standing for a ∩ b. */
  @Property
  void aSetSplitsIntoWhatIsBeyondTheOtherAndWhatIsShared(@ForAll("sets") S a, @ForAll("sets") S b) {
    S beyond = a.subtract(b);
    S shared = a.subtract(beyond);

    assertThat(beyond.union(shared)).isEqualTo(a);
    assertThat(shared.isContainedIn(a)).isTrue();
    assertThat(shared.isContainedIn(b)).isTrue();
  }

  @Property
  void whatIsBeyondTheOtherTogetherWithTheOtherHoldsBoth(@ForAll("sets") S a, @ForAll("sets") S b) {
    S restored = a.subtract(b).union(b);
    S union = a.union(b);

    assertThat(restored.contains(union)).isTrue();
    assertThat(union.contains(restored)).isTrue();
  }

  @Property
  void unitingWithAPartChangesNothing(@ForAll("sets") S a, @ForAll("sets") S b) {
    assertThat(a.union(a.subtract(b))).isEqualTo(a);
  }

  @Property
  void containsIsReflexive(@ForAll("sets") S a) {
    assertThat(a.contains(a)).isTrue();
    assertThat(a.isContainedIn(a)).isTrue();
  }

  @Property
  void containsIsTransitive(@ForAll("sets") S c, @ForAll("sets") S x, @ForAll("sets") S y) {
    S b = c.subtract(x);
    S a = b.subtract(y);

    assertThat(a.isContainedIn(b) && b.isContainedIn(c)).isTrue();
    assertThat(a.isContainedIn(c)).isTrue();
  }

  @Property
  void containsIsTransitiveOverAnyThree(@ForAll("sets") S a, @ForAll("sets") S b, @ForAll("sets") S c) {
    if (a.isContainedIn(b) && b.isContainedIn(c)) {
      assertThat(a.isContainedIn(c)).isTrue();
    }
  }

  @Property
  void containsIsAntisymmetric(@ForAll("sets") S a, @ForAll("sets") S b) {
    if (a.contains(b) && b.contains(a)) {
      assertThat(a).isEqualTo(b);
    }
  }

  @Property
  void textReadsBackToTheSameValue(@ForAll("sets") S a) {
    S read = parse(a.toString());

    assertThat(read).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(read).hasToString(a.toString());
  }

  @Property
  void parseEitherSucceedsOrRefusesOnOneLine(@ForAll("nearlyValidTexts") String text) {
    assertParsesOrRefusesOnOneLine(text);
  }

  @Property
  void parseOfAnyTextEitherSucceedsOrRefusesOnOneLine(@ForAll String text) {
    assertParsesOrRefusesOnOneLine(text);
  }

  private void assertParsesOrRefusesOnOneLine(String text) {
    Throwable thrown = catchThrowable(() -> parse(text));

    assertThat(thrown).satisfiesAnyOf(
        t -> assertThat(t).isNull(),
        t -> assertThat(t).isInstanceOf(InvalidSettingException.class)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r")));
  }
}
